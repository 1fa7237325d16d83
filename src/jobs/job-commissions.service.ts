import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import type { FrozenTerms } from '../marketplace/domain/frozen-terms';
import type { JobStatus } from './domain/job-status';
import type { WorkKind } from './domain/work-kind';
import { JobEvent } from './job-event.entity';
import { Job } from './job.entity';

/** What a confirmed payment needs of a job to price its commission (issue 14): who, which terms, since when. */
export interface CommissionJob {
  readonly id: string;
  readonly title: string;
  readonly kind: WorkKind;
  readonly status: JobStatus;
  readonly lenderOrgId: string;
  readonly partnerOrgId: string;
  readonly caseIds: readonly string[];
  readonly frozenTerms: FrozenTerms;
  readonly acceptedAt: Date | null;
  readonly endedAt: Date | null;
}

/** Jobs that may earn on a payment: running, or recalled (the tail period is the payments module's rule). */
const EARNING: readonly JobStatus[] = ['accepted', 'in_progress', 'on_hold', 'recalled'];

const view = (j: Job): CommissionJob => ({
  id: j.id,
  title: j.title,
  kind: j.kind,
  status: j.status,
  lenderOrgId: j.lenderOrgId,
  partnerOrgId: j.partnerOrgId,
  caseIds: j.caseIds,
  frozenTerms: j.frozenTerms,
  acceptedAt: j.acceptedAt,
  endedAt: j.endedAt,
});

/** The jobs module's read side for payments and statements (issue 14); jobs' own rows stay here. */
@Injectable()
export class JobCommissions {
  /** A lender's collection jobs on a case that may earn on a payment, newest first, in the caller's transaction. */
  async earningOn(manager: EntityManager, lenderOrgId: string, caseId: string): Promise<CommissionJob[]> {
    const rows = await manager
      .getRepository(Job)
      .createQueryBuilder('j')
      .where('j.lenderOrgId = :lenderOrgId', { lenderOrgId })
      .andWhere(':caseId = ANY(j.caseIds)', { caseId })
      .andWhere("j.kind = 'collection'")
      .andWhere('j.status IN (:...statuses)', { statuses: EARNING })
      .orderBy('j.offeredAt', 'DESC')
      .getMany();
    return rows.map(view);
  }

  /** Jobs by id (any status), for presenting payments and statement lines. */
  async byIds(manager: EntityManager, ids: readonly string[]): Promise<Map<string, CommissionJob>> {
    const valid = [...new Set(ids)].filter(isUuid);
    if (valid.length === 0) return new Map();
    return new Map((await manager.getRepository(Job).findBy({ id: In(valid) })).map((j) => [j.id, view(j)]));
  }

  /** A job its lender or its partner may read; null for anyone else (the caller answers 404). */
  async visibleTo(manager: EntityManager, principal: Principal, id: string): Promise<CommissionJob | null> {
    if (!isUuid(id)) return null;
    const job = await manager.getRepository(Job).findOneBy({ id });
    if (!job || (job.lenderOrgId !== principal.orgId && job.partnerOrgId !== principal.orgId)) return null;
    return view(job);
  }

  /**
   * The `payment_reported` progress event `eventId` when it was reported on a job of this
   * lender's case (the case named on the event, or any case of the job when it names none);
   * null otherwise, so a confirmation can only link a real report of its own case.
   */
  async reportedPayment(manager: EntityManager, lenderOrgId: string, caseId: string, eventId: string): Promise<{ id: string; jobId: string } | null> {
    if (!isUuid(eventId)) return null;
    const event = await manager.getRepository(JobEvent).findOneBy({ id: eventId, type: 'payment_reported' });
    if (!event || (event.caseId !== null && event.caseId !== caseId)) return null;
    const job = await manager.getRepository(Job).findOneBy({ id: event.jobId, lenderOrgId });
    return job && job.caseIds.includes(caseId) ? { id: event.id, jobId: job.id } : null;
  }
}
