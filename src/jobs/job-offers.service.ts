import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import type { FrozenTerms } from '../marketplace/domain/frozen-terms';
import { OutboxService } from '../common/outbox/outbox.service';
import { Deadlines } from '../common/queue/deadlines.service';
import { ACTIVE_JOB_STATUSES } from './domain/job-status';
import { WorkKind } from './domain/work-kind';
import { Job, JobRole } from './job.entity';
import { JOB_ACCEPT_DEADLINE } from './job-timers';

/** The job record as jobs hands it to the marketplace (read it; change it through this service). */
export type { Job } from './job.entity';

export interface NewOffer {
  readonly listingId: string;
  readonly awardId: string;
  readonly lotKey: string;
  /** What notifications call the work (see `Job.title`). */
  readonly title: string;
  readonly role: JobRole;
  readonly kind: WorkKind;
  readonly lenderOrgId: string;
  readonly partnerOrgId: string;
  readonly bidId: string | null;
  readonly caseIds: readonly string[];
  readonly vehicleId: string | null;
  readonly feeScheduleId: string;
  readonly frozenTerms: FrozenTerms;
  readonly score: JsonObject | null;
  readonly acceptHours: number;
  readonly offerRound: number;
  /** The listing's field-work choices (DESIGN §6); defaults: no automatic recall, 3 days' grace. */
  readonly autoRecallOnBreach?: boolean;
  readonly promiseGraceDays?: number;
}

/**
 * What happens when an offer ends without being taken (declined or expired). The marketplace
 * registers the policy (re-offer to the next-best bid, or give the cases back); it runs in the
 * same transaction as the decline or expiry and returns any new offers, whose accept timers the
 * caller schedules after commit.
 */
export type OfferEndedHandler = (manager: EntityManager, job: Job, why: OfferEndedWhy) => Promise<Job[]>;

/** Why work goes back to the marketplace: the offer was declined or expired, or the job was recalled on an SLA breach. */
export type OfferEndedWhy = 'declined' | 'expired' | 'sla_breached';

/**
 * The jobs module's API for the marketplace: create offers (with `job.offered` events), count a
 * partner's active jobs (capacity), and schedule accept-deadline timers.
 */
@Injectable()
export class JobOffers {
  private offerEnded: OfferEndedHandler | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly clock: Clock,
  ) {}

  onOfferEnded(handler: OfferEndedHandler): void {
    if (this.offerEnded) throw new Error('an offer-ended handler is already registered');
    this.offerEnded = handler;
  }

  async handleOfferEnded(manager: EntityManager, job: Job, why: OfferEndedWhy): Promise<Job[]> {
    if (!this.offerEnded) throw new Error('no offer-ended handler registered (is MarketplaceModule imported?)');
    return this.offerEnded(manager, job, why);
  }

  /** Inserts the offers and their `job.offered` events in the caller's transaction. */
  async offer(manager: EntityManager, offers: readonly NewOffer[]): Promise<Job[]> {
    if (offers.length === 0) return [];
    const now = this.clock.now();
    const jobs = offers.map((o) =>
      manager.create(Job, {
        id: randomUUID(),
        listingId: o.listingId,
        awardId: o.awardId,
        lotKey: o.lotKey,
        title: o.title,
        role: o.role,
        kind: o.kind,
        lenderOrgId: o.lenderOrgId,
        partnerOrgId: o.partnerOrgId,
        bidId: o.bidId,
        status: 'offered',
        caseIds: [...o.caseIds],
        vehicleId: o.vehicleId,
        feeScheduleId: o.feeScheduleId,
        frozenTerms: o.frozenTerms,
        score: o.score,
        offerRound: o.offerRound,
        acceptDeadline: new Date(now.getTime() + o.acceptHours * 3_600_000),
        offeredAt: now,
        acceptedAt: null,
        endedAt: null,
        endReason: null,
        startedAt: null,
        lastProgressAt: null,
        outcome: null,
        holdReason: null,
        heldAt: null,
        holdAcknowledgedAt: null,
        holdEscalations: 0,
        resumeStatus: null,
        firstActionDueAt: null,
        silenceDueAt: null,
        completionDueAt: null,
        autoRecallOnBreach: o.autoRecallOnBreach ?? false,
        promiseGraceDays: o.promiseGraceDays ?? 3,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await manager.insert(Job, jobs);
    await this.outbox.recordMany(
      manager,
      jobs.map((j) => ({
        type: 'job.offered',
        aggregateType: 'job',
        aggregateId: j.id,
        orgIds: [j.lenderOrgId, j.partnerOrgId],
        payload: {
          job_id: j.id,
          job_title: j.title,
          listing_id: j.listingId,
          lot_key: j.lotKey,
          role: j.role,
          partner_org_id: j.partnerOrgId,
          case_ids: j.caseIds,
          accept_deadline: j.acceptDeadline.toISOString(),
          offer_round: j.offerRound,
        },
      })),
    );
    return jobs;
  }

  /** Offered, accepted, in-progress and on-hold jobs per partner: what uses its declared capacity. */
  async activeCounts(partnerOrgIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    const counts = new Map<string, number>(partnerOrgIds.map((id) => [id, 0]));
    if (partnerOrgIds.length === 0) return counts;
    const rows: { partner_org_id: string; n: string }[] = await manager
      .getRepository(Job)
      .createQueryBuilder('j')
      .select('j.partnerOrgId', 'partner_org_id')
      .addSelect('count(*)', 'n')
      .where({ partnerOrgId: In([...partnerOrgIds]), status: In([...ACTIVE_JOB_STATUSES]) })
      .groupBy('j.partnerOrgId')
      .getRawMany();
    for (const row of rows) counts.set(row.partner_org_id, Number(row.n));
    return counts;
  }

  /** Partners already offered a lot of a listing (a re-offer never goes back to them). */
  async offeredPartners(manager: EntityManager, listingId: string, lotKey: string): Promise<Set<string>> {
    const rows = await manager.find(Job, { select: { partnerOrgId: true }, where: { listingId, lotKey } });
    return new Set(rows.map((r) => r.partnerOrgId));
  }

  /** Partners holding or once offered a job on a listing (they may read the listing). */
  async partnersOn(listingId: string, manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const rows = await manager.find(Job, { select: { partnerOrgId: true }, where: { listingId } });
    return new Set(rows.map((r) => r.partnerOrgId));
  }

  /**
   * After commit: one accept timer per offer (`job-accept-deadline-<jobId>`). Redis being down does
   * not undo the award; the offer then expires from the sweep, or when the partner next acts on it.
   */
  async scheduleAcceptDeadlines(jobs: readonly Job[]): Promise<void> {
    for (const job of jobs) await this.deadlines.schedule(JOB_ACCEPT_DEADLINE, { jobId: job.id }, job.acceptDeadline);
  }

  cancelAcceptDeadline(jobId: string): Promise<void> {
    return this.deadlines.cancel(JOB_ACCEPT_DEADLINE, { jobId });
  }
}
