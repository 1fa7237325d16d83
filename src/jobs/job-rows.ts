import { EntityManager } from 'typeorm';
import { ROW_LOCK } from '../common/database/row-lock';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { Job } from './job.entity';
import { JobErrors } from './jobs.errors';

/** Who acts on a job: its partner (the work) or its lender (the placement). */
export type JobSide = 'partner' | 'lender';

/**
 * Locks the job of the caller's side; any other org gets 404 (DESIGN §2). `ROW_LOCK`: job writers
 * still queue for each other, but rows that only reference the job (its events, evidence, contact
 * history) are written meanwhile, as no job's id ever changes.
 */
export async function lockJobOf(manager: EntityManager, principal: Principal, id: string, side: JobSide): Promise<Job> {
  if (!isUuid(id)) throw JobErrors.notFound();
  const column = side === 'partner' ? 'j.partnerOrgId' : 'j.lenderOrgId';
  const job = await manager.getRepository(Job).createQueryBuilder('j').setLock(ROW_LOCK).where(`j.id = :id AND ${column} = :orgId`, { id, orgId: principal.orgId }).getOne();
  if (!job) throw JobErrors.notFound();
  return job;
}

/** The outbox parties and the ids every job event carries, so readers need no second query. */
export function jobEventBase(job: Job) {
  return {
    aggregateType: 'job',
    aggregateId: job.id,
    orgIds: [job.lenderOrgId, job.partnerOrgId],
    payload: {
      job_id: job.id,
      job_title: job.title,
      listing_id: job.listingId,
      lot_key: job.lotKey,
      kind: job.kind,
      lender_org_id: job.lenderOrgId,
      partner_org_id: job.partnerOrgId,
      case_ids: job.caseIds,
      vehicle_id: job.vehicleId,
    },
  };
}
