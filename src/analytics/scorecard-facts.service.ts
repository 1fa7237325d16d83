import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { JobCommissions } from '../jobs/job-commissions.service';
import { addCounters } from './counters';

/** The counters of `analytics_partner_months`. */
export const MONTH_COUNTERS = [
  'jobs_assigned',
  'cases_assigned',
  'cases_recovered',
  'contact_attempts',
  'right_party_contacts',
  'milestones_on_time',
  'milestones_breached',
  'jobs_completed',
  'duties_started',
  'duties_breached',
  'complaints_upheld',
  'compliance_refusals',
  'holds',
  'holds_acknowledged_on_time',
  'recoveries_voluntary',
  'recoveries_involuntary',
] as const;
export type MonthCounter = (typeof MONTH_COUNTERS)[number];

export const MONEY_COUNTERS = ['assigned', 'recovered', 'repossession_cost'] as const;
export type MoneyCounter = (typeof MONEY_COUNTERS)[number];

/** Where a job's figures land: its partner, kind of work, region and month of acceptance. */
export interface Bucket {
  readonly partner: string;
  readonly kind: string;
  /** '' for figures with no region (a complaint about the partner's conduct in general). */
  readonly region: string;
  /** The first day of the month, YYYY-MM-01. */
  readonly month: string;
}

/** One accepted job as the scorecard keeps it (`analytics_jobs`). */
export interface JobFact {
  readonly jobId: string;
  readonly bucket: Bucket;
  readonly currency: string;
  readonly units: readonly string[];
  readonly recoveredUnits: readonly string[];
  readonly flatFees: Readonly<Record<string, { amount: number; currency: string }>>;
  readonly acceptedAt: Date;
  readonly firstActionAt: Date | null;
  readonly completedAt: Date | null;
  readonly endedAt: Date | null;
  /** Repossession duties the job's recovery started (DESIGN §6). */
  readonly duties: number;
}

type FactRow = {
  job_id: string;
  partner_org_id: string;
  kind: string;
  region: string;
  month: string;
  currency: string;
  units: string[];
  recovered_units: string[];
  flat_fees: JobFact['flatFees'];
  accepted_at: Date;
  first_action_at: Date | null;
  completed_at: Date | null;
  ended_at: Date | null;
  duties: number;
};

const FACT_COLUMNS =
  'job_id, partner_org_id, kind, region, month::text AS month, currency, units, recovered_units, flat_fees, accepted_at, first_action_at, completed_at, ended_at, duties';

export const monthOf = (at: Date): string => `${at.toISOString().slice(0, 7)}-01`;

const keysOf = (b: Bucket) => ({ partner_org_id: b.partner, kind: b.kind, region: b.region, month: b.month });

const toFact = (r: FactRow): JobFact => ({
  jobId: r.job_id,
  bucket: { partner: r.partner_org_id, kind: r.kind, region: r.region, month: r.month },
  currency: r.currency,
  units: r.units,
  recoveredUnits: r.recovered_units,
  flatFees: r.flat_fees,
  acceptedAt: r.accepted_at,
  firstActionAt: r.first_action_at,
  completedAt: r.completed_at,
  endedAt: r.ended_at,
  duties: r.duties,
});

/**
 * Writes the scorecard's read model (issue 17) in the subscriber's transaction: job facts and the
 * monthly counters. Counters only ever move by deltas, so a month's row is a running total and a
 * scorecard is a sum over a few rows, never a scan of events.
 */
@Injectable()
export class ScorecardFacts {
  constructor(
    private readonly jobs: JobCommissions,
    private readonly cases: CaseLifecycleService,
  ) {}

  /**
   * The job's fact, locked for the transaction. The first event of a job to arrive (events of one
   * job may be handled out of order) creates it from the job and its cases, and counts the job as
   * assigned; null for a job never accepted.
   */
  async job(manager: EntityManager, jobId: string): Promise<JobFact | null> {
    const existing = await this.locked(manager, jobId);
    if (existing) return existing;
    const job = (await this.jobs.byIds(manager, [jobId])).get(jobId);
    if (!job?.acceptedAt) return null;
    const cases = await this.cases.loadForMarketplace(manager, job.lenderOrgId, job.caseIds);
    const terms = job.frozenTerms;
    const flatFees = terms.effective_schedule.flat_fees ?? {};
    const currency = cases[0]?.balance.currency ?? Object.values(flatFees)[0]?.currency ?? terms.bid_terms.flat_fee?.currency ?? '';
    const units = job.caseIds.length > 0 ? [...job.caseIds] : [job.id];
    const acceptedAt = job.acceptedAt;
    const bucket: Bucket = { partner: job.partnerOrgId, kind: job.kind, region: cases[0]?.region ?? '', month: monthOf(acceptedAt) };
    const inserted = (await manager.query(
      `INSERT INTO analytics_jobs (job_id, partner_org_id, lender_org_id, kind, region, month, currency, units, flat_fees, accepted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
      [
        job.id,
        bucket.partner,
        job.lenderOrgId,
        bucket.kind,
        bucket.region,
        bucket.month,
        currency,
        units,
        JSON.stringify(flatFees),
        acceptedAt,
      ],
    )) as unknown[];
    if (inserted.length > 0) {
      await this.bump(manager, bucket, { jobs_assigned: 1, cases_assigned: units.length });
      const byCurrency = new Map<string, number>();
      for (const c of cases) byCurrency.set(c.balance.currency, (byCurrency.get(c.balance.currency) ?? 0) + c.balance.amount);
      for (const [cur, amount] of byCurrency) await this.bumpMoney(manager, bucket, cur, { assigned: amount });
    }
    return this.locked(manager, jobId);
  }

  async bump(manager: EntityManager, bucket: Bucket, deltas: Partial<Record<MonthCounter, number>>): Promise<void> {
    await addCounters(manager, 'analytics_partner_months', keysOf(bucket), deltas);
  }

  async bumpMoney(manager: EntityManager, bucket: Bucket, currency: string, deltas: Partial<Record<MoneyCounter, number>>): Promise<void> {
    await addCounters(manager, 'analytics_partner_money', { ...keysOf(bucket), currency }, deltas);
  }

  /** The first action (work began, or the first report), for the days to first action. */
  async firstAction(manager: EntityManager, fact: JobFact, at: Date): Promise<void> {
    if (fact.firstActionAt !== null) return;
    await manager.query(`UPDATE analytics_jobs SET first_action_at = $2 WHERE job_id = $1`, [fact.jobId, at]);
  }

  /** The job ended: completed (`completedAt`, counted) or returned, recalled, cancelled. */
  async ended(manager: EntityManager, fact: JobFact, at: Date, completed: boolean): Promise<void> {
    if (fact.endedAt !== null) return;
    await manager.query(`UPDATE analytics_jobs SET ended_at = $2, completed_at = $3, first_action_at = coalesce(first_action_at, $3) WHERE job_id = $1`, [fact.jobId, at, completed ? at : null]);
    if (completed) await this.bump(manager, fact.bucket, { jobs_completed: 1 });
  }

  /**
   * The repossession duties the job's recovery started, as the duties module counts them now: the
   * month's count moves by the new ones, so a recovery reported twice or a breach seen first counts
   * each duty once.
   */
  async duties(manager: EntityManager, fact: JobFact, started: number): Promise<void> {
    if (started <= fact.duties) return;
    await manager.query(`UPDATE analytics_jobs SET duties = $2 WHERE job_id = $1`, [fact.jobId, started]);
    await this.bump(manager, fact.bucket, { duties_started: started - fact.duties });
  }

  /** Units (cases, or the job itself for work on a vehicle alone) now recovered: the count moves by the new ones. */
  async recovered(manager: EntityManager, fact: JobFact, units: readonly string[]): Promise<void> {
    const fresh = [...new Set(units)].filter((u) => fact.units.includes(u) && !fact.recoveredUnits.includes(u));
    if (fresh.length === 0) return;
    await manager.query(`UPDATE analytics_jobs SET recovered_units = recovered_units || $2::text[] WHERE job_id = $1`, [fact.jobId, fresh]);
    await this.bump(manager, fact.bucket, { cases_recovered: fresh.length });
  }

  private async locked(manager: EntityManager, jobId: string): Promise<JobFact | null> {
    const [row] = (await manager.query(`SELECT ${FACT_COLUMNS} FROM analytics_jobs WHERE job_id = $1 FOR UPDATE`, [jobId])) as FactRow[];
    return row ? toFact(row) : null;
  }
}
