import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { OrgNamesService } from '../auth/org-names.service';
import { CaseSetSummary, CaseWorkService } from '../cases/case-work.service';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate } from '../common/pagination/pagination';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { slaAtAccept } from './domain/job-sla';
import { JOB_STATE_MACHINE, JobStatus } from './domain/job-status';
import { JobListQuery } from './dto/job.dto';
import { Job } from './job.entity';
import { JobOffers } from './job-offers.service';
import { JobSlaClocks } from './job-sla-clocks.service';
import { JobWork, JobWorkService } from './job-work.service';
import { JobErrors } from './jobs.errors';
import { presentJob } from './jobs.presenter';
import { ROW_LOCK } from '../common/database/row-lock';

type JobView = ReturnType<typeof presentJob>;
type JobListItem = JobView & { listing_title: string; lender_name: string; partner_name: string; case_summary: CaseSetSummary };

/**
 * Jobs (DESIGN §6), first part: the lender and the partner read their jobs; the partner accepts
 * or declines an offer before its accept deadline. Everything is decided under a row lock on the
 * job, so an accept racing a decline or the deadline timer ends one way only.
 */
@Injectable()
export class JobsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: JobOffers,
    private readonly outbox: OutboxService,
    private readonly orgNames: OrgNamesService,
    private readonly clock: Clock,
    private readonly work: JobWorkService,
    private readonly sla: JobSlaClocks,
    private readonly caseWork: CaseWorkService,
  ) {}

  async list(principal: Principal, query: JobListQuery): Promise<Page<JobListItem>> {
    const qb = this.visible(this.dataSource.manager.getRepository(Job).createQueryBuilder('j'), principal);
    if (query.status) qb.andWhere('j.status = :status', { status: query.status });
    if (query.listing_id) qb.andWhere('j.listingId = :listingId', { listingId: query.listing_id });
    if (query.kind) qb.andWhere('j.kind = :kind', { kind: query.kind });
    if (query.case_id) qb.andWhere(':caseId = ANY(j.caseIds)', { caseId: query.case_id });
    if (query.partner_id) qb.andWhere('j.partnerOrgId = :partnerId', { partnerId: query.partner_id });
    if (query.sla === 'breached') qb.andWhere('EXISTS (SELECT 1 FROM job_sla_breaches b WHERE b.job_id = j.id)');
    const { items, nextCursor } = await paginate(qb, query);
    const manager = this.dataSource.manager;
    // One query each for the names and the case summaries of the whole page.
    const names = await this.orgNames.namesOf(manager, items.flatMap((j) => [j.lenderOrgId, j.partnerOrgId]));
    const summaries = await this.caseWork.summarize(manager, items.map((j) => j.caseIds));
    return {
      data: items.map((j, i) => ({
        ...presentJob(j),
        listing_title: j.title,
        lender_name: names.get(j.lenderOrgId) ?? '',
        partner_name: names.get(j.partnerOrgId) ?? '',
        case_summary: summaries[i]!,
      })),
      next_cursor: nextCursor,
    };
  }

  /** A job; its partner also gets the work while the job runs (`work`, DESIGN §2 and §6), null otherwise. */
  async get(principal: Principal, id: string, request?: FastifyRequest): Promise<JobView & { work: JobWork | null }> {
    if (!isUuid(id)) throw JobErrors.notFound();
    const job = await this.visible(this.dataSource.manager.getRepository(Job).createQueryBuilder('j'), principal).andWhere('j.id = :id', { id }).getOne();
    if (!job) throw JobErrors.notFound();
    return { ...presentJob(job), work: await this.work.workOf(principal, job, request) };
  }

  async accept(principal: Principal, id: string): Promise<JobView> {
    const job = await this.decide(principal, id, async (manager, job, now) => {
      assertTransition(JOB_STATE_MACHINE, job.status, 'accepted');
      job.status = 'accepted';
      job.acceptedAt = now;
      job.updatedAt = now;
      await manager.update(Job, { id: job.id }, { status: 'accepted', acceptedAt: now, updatedAt: now });
      // DESIGN §6: the SLA clocks start at accept, on the bid's commitments when the job came from a bid.
      await this.sla.set(manager, job, slaAtAccept(job.kind, job.bidId ? job.frozenTerms.bid_terms.sla : null, now));
      await this.outbox.record(manager, {
        type: 'job.accepted',
        aggregateType: 'job',
        aggregateId: job.id,
        orgIds: [job.lenderOrgId, job.partnerOrgId],
        payload: {
          job_id: job.id,
          job_title: job.title,
          listing_id: job.listingId,
          lot_key: job.lotKey,
          partner_org_id: job.partnerOrgId,
          partner_name: await this.orgNames.nameOf(manager, job.partnerOrgId),
          kind: job.kind,
          case_ids: job.caseIds,
        },
      });
      return [];
    });
    await this.offers.cancelAcceptDeadline(job.id);
    return presentJob(job);
  }

  async decline(principal: Principal, id: string, reason?: string): Promise<JobView> {
    const job = await this.decide(principal, id, async (manager, job, now) => this.end(manager, job, 'declined', now, reason?.trim() || 'declined by the partner'));
    await this.offers.cancelAcceptDeadline(job.id);
    return presentJob(job);
  }

  /** The accept-deadline timer: an offer still open at its deadline expires (a no-op otherwise). */
  async expireIfDue(jobId: string): Promise<{ expired: boolean }> {
    const created: Job[] = [];
    const expired = await this.dataSource.transaction(async (manager) => {
      const job = await manager.getRepository(Job).createQueryBuilder('j').setLock(ROW_LOCK).where('j.id = :id', { id: jobId }).getOne();
      const now = this.clock.now();
      if (!job || job.status !== 'offered' || now < job.acceptDeadline) return false;
      created.push(...(await this.end(manager, job, 'expired', now, 'not accepted before the accept deadline')));
      return true;
    });
    await this.offers.scheduleAcceptDeadlines(created);
    return { expired };
  }

  /**
   * Locks the partner's own job, expires it first when its deadline has passed (committed, then
   * 409), else applies the decision. New offers made by the offer-ended policy get their timers.
   */
  private async decide(principal: Principal, id: string, apply: (manager: EntityManager, job: Job, now: Date) => Promise<Job[]>): Promise<Job> {
    if (!isUuid(id)) throw JobErrors.notFound();
    const created: Job[] = [];
    const outcome = await this.dataSource.transaction(async (manager) => {
      const job = await manager
        .getRepository(Job)
        .createQueryBuilder('j')
        .setLock(ROW_LOCK)
        .where('j.id = :id AND j.partnerOrgId = :orgId', { id, orgId: principal.orgId })
        .getOne();
      if (!job) throw JobErrors.notFound();
      const now = this.clock.now();
      if (job.status === 'offered' && now >= job.acceptDeadline) {
        created.push(...(await this.end(manager, job, 'expired', now, 'not accepted before the accept deadline')));
        return { job, expired: true };
      }
      created.push(...(await apply(manager, job, now)));
      return { job, expired: false };
    });
    await this.offers.scheduleAcceptDeadlines(created);
    if (outcome.expired) throw JobErrors.offerExpired(outcome.job.acceptDeadline);
    return outcome.job;
  }

  private async end(manager: EntityManager, job: Job, to: Extract<JobStatus, 'declined' | 'expired'>, now: Date, reason: string): Promise<Job[]> {
    assertTransition(JOB_STATE_MACHINE, job.status, to);
    job.status = to;
    job.endedAt = now;
    job.endReason = reason;
    job.updatedAt = now;
    await manager.update(Job, { id: job.id }, { status: to, endedAt: now, endReason: reason, updatedAt: now });
    await this.outbox.record(manager, {
      type: to === 'declined' ? 'job.declined' : 'job.expired',
      aggregateType: 'job',
      aggregateId: job.id,
      orgIds: [job.lenderOrgId, job.partnerOrgId],
      payload: { job_id: job.id, job_title: job.title, listing_id: job.listingId, lot_key: job.lotKey, partner_org_id: job.partnerOrgId, reason },
    });
    return this.offers.handleOfferEnded(manager, job, to);
  }

  /** DESIGN §2: a lender sees the jobs on its work, a partner its own; the platform reads all. */
  private visible(qb: SelectQueryBuilder<Job>, principal: Principal): SelectQueryBuilder<Job> {
    if (principal.orgKind === 'platform') return qb.where('TRUE');
    if (principal.orgKind === 'lender') return qb.where('j.lenderOrgId = :orgId', { orgId: principal.orgId });
    return qb.where('j.partnerOrgId = :orgId', { orgId: principal.orgId });
  }
}
