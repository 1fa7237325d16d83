import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import type { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import type { PlatformPriors } from '../marketplace/domain/bid-scoring';
import { PartnerEligibilityService } from '../partners/partner-eligibility.service';
import { PartnerScorecards, ScorecardSummary, ScorecardSummarySource } from '../partners/partner-scorecards.service';
import { AnalyticsErrors } from './analytics.errors';
import { daysBetween, MoneyTotals, ratio, promiseStatus, ScorecardCounts, scorecardMetrics, ScorecardMetrics } from './domain/partner-metrics';
import { ScoringCounts, scoringCounts, ScoringScope } from './domain/scoring-inputs';
import { ScorecardQuery } from './dto/scorecard-query.dto';
import { MONTH_COUNTERS, monthOf } from './scorecard-facts.service';

export type Scorecard = {
  readonly partner_org_id: string;
  readonly kind: string | null;
  readonly region: string | null;
  readonly from: string | null;
  readonly to: string;
  readonly as_of: string;
  readonly promises_pending: number;
} & ScorecardMetrics;

/** What the award score reads of one partner (DESIGN §5), and which record it came from. */
export interface ScoringRecord {
  readonly counts: ScoringCounts;
  readonly scope: ScoringScope;
}

interface Filter {
  readonly partners: readonly string[] | null;
  readonly kind: string | null;
  readonly region: string | null;
  readonly fromMonth: string;
  readonly toMonth: string;
}

const EARLIEST_MONTH = '1970-01-01';

/** The platform average where the platform has no history at all yet: neither reward nor penalty (as marketplace's before issue 17). */
const NEUTRAL_PRIOR = 0.5;

type Row = Record<string, string | null>;

/**
 * Reads the scorecard (DESIGN §10, issue 17) from the read model: sums of the monthly counters
 * asked for, plus what only the clock decides — promises whose grace ran out — and the days to
 * first action and completion from the accepted jobs' fact rows. A handful of indexed queries,
 * whatever the number of events behind them.
 */
@Injectable()
export class ScorecardQueries implements ScorecardSummarySource, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly partners: PartnerEligibilityService,
    private readonly directory: PartnerScorecards,
  ) {}

  onModuleInit(): void {
    this.directory.provide(this);
  }

  /**
   * The partner directory's scorecard (DESIGN §10): all kinds, regions and months, one query for a
   * page of partners. `score` stays null: the award score belongs to a listing (its price, the
   * partner's free capacity, its distance to the work), not to the partner alone.
   */
  async summaries(partnerOrgIds: readonly string[]): Promise<Map<string, ScorecardSummary>> {
    const ids = partnerOrgIds.filter(isUuid);
    const all: Filter = { partners: ids, kind: null, region: null, fromMonth: EARLIEST_MONTH, toMonth: '9999-12-01' };
    const rows = ids.length === 0 ? [] : await this.counters(this.dataSource.manager, all, true);
    const found = new Map(rows.map((r) => [r.partner_org_id!, r]));
    return new Map(
      ids.map((id) => {
        const n = (k: string) => Number(found.get(id)?.[k] ?? 0);
        return [
          id,
          {
            jobs_assigned: n('jobs_assigned'),
            jobs_completed: n('jobs_completed'),
            recovery_rate: ratio(n('cases_recovered'), n('cases_assigned')).rate,
            sla_breach_rate: ratio(n('milestones_breached'), n('milestones_on_time') + n('milestones_breached')).rate,
            complaint_rate: ratio(n('complaints_upheld'), n('jobs_assigned')).rate,
            score: null,
          },
        ];
      }),
    );
  }

  async scorecard(principal: Principal, orgId: string, query: ScorecardQuery): Promise<Scorecard> {
    await this.assertVisible(principal, orgId);
    const to = query.to ?? this.clock.today();
    if (query.from !== undefined && query.from > to) throw AnalyticsErrors.badPeriod();
    const filter: Filter = { partners: [orgId], kind: query.kind ?? null, region: query.region ?? null, fromMonth: query.from ? monthOf(new Date(`${query.from}T00:00:00Z`)) : EARLIEST_MONTH, toMonth: monthOf(new Date(`${to}T00:00:00Z`)) };
    const manager = this.dataSource.manager;
    const now = this.clock.now();
    const [counters] = await this.counters(manager, filter, false);
    const money = await this.money(manager, filter);
    const jobs = (await manager.query(`SELECT accepted_at, first_action_at, completed_at FROM analytics_jobs j WHERE ${where(filter, 'j', true)}`, params(filter))) as {
      accepted_at: Date;
      first_action_at: Date | null;
      completed_at: Date | null;
    }[];
    const promises = (await manager.query(
      `SELECT p.amount, p.promised_on::text AS promised_on, p.paid_in_time FROM analytics_promises p JOIN analytics_jobs j USING (job_id) WHERE ${where(filter, 'j', true)}`,
      params(filter),
    )) as { amount: string | null; promised_on: string; paid_in_time: string }[];
    const today = this.clock.today();
    const statuses = promises.map((p) => promiseStatus({ amount: p.amount === null ? null : Number(p.amount), date: p.promised_on, paidInTime: Number(p.paid_in_time) }, today));
    const n = (k: string) => Number(counters?.[k] ?? 0);
    const counts: ScorecardCounts = {
      jobs_assigned: n('jobs_assigned'),
      cases_assigned: n('cases_assigned'),
      cases_recovered: n('cases_recovered'),
      contact_attempts: n('contact_attempts'),
      right_party_contacts: n('right_party_contacts'),
      promises_kept: statuses.filter((s) => s === 'kept').length,
      promises_broken: statuses.filter((s) => s === 'broken').length,
      milestones_on_time: n('milestones_on_time'),
      milestones_breached: n('milestones_breached'),
      duties_started: n('duties_started'),
      duties_breached: n('duties_breached'),
      complaints_upheld: n('complaints_upheld'),
      compliance_refusals: n('compliance_refusals'),
      holds: n('holds'),
      holds_acknowledged_on_time: n('holds_acknowledged_on_time'),
      recoveries_voluntary: n('recoveries_voluntary'),
      recoveries_involuntary: n('recoveries_involuntary'),
      money,
      days_to_first_action: jobs.filter((j) => j.first_action_at !== null).map((j) => daysBetween(j.accepted_at, j.first_action_at!)),
      days_to_completion: jobs.filter((j) => j.completed_at !== null).map((j) => daysBetween(j.accepted_at, j.completed_at!)),
    };
    return {
      partner_org_id: orgId,
      kind: filter.kind,
      region: filter.region,
      from: query.from ?? null,
      to,
      as_of: now.toISOString(),
      promises_pending: statuses.filter((s) => s === 'pending').length,
      ...scorecardMetrics(counts),
    };
  }

  /**
   * The award score's inputs for a kind of work (DESIGN §5): each partner's record for the kind,
   * or for the kind in the region where that record is long enough, and the platform's pooled rates
   * for the kind as the prior. In the caller's transaction (the award runs under the listing lock).
   */
  async scoringRecords(manager: EntityManager, partnerOrgIds: readonly string[], kind: string, region: string | null): Promise<{ priors: PlatformPriors; records: Map<string, ScoringRecord> }> {
    const all: Filter = { partners: null, kind, region: null, fromMonth: EARLIEST_MONTH, toMonth: '9999-12-01' };
    const [platform] = await this.counters(manager, all, false);
    const platformCounts = toScoring(platform);
    const priors: PlatformPriors = {
      recovery_rate: platformCounts.assigned > 0 ? platformCounts.recovered / platformCounts.assigned : NEUTRAL_PRIOR,
      quality: platformCounts.jobs_total > 0 ? Math.max(0, 1 - platformCounts.complaints_upheld / platformCounts.jobs_total) : NEUTRAL_PRIOR,
      on_time_rate: platformCounts.sla_total > 0 ? platformCounts.on_time / platformCounts.sla_total : NEUTRAL_PRIOR,
    };
    const records = new Map<string, ScoringRecord>();
    if (partnerOrgIds.length === 0) return { priors, records };
    const mine: Filter = { ...all, partners: partnerOrgIds };
    const byKind = new Map((await this.counters(manager, mine, true)).map((r) => [r.partner_org_id!, r]));
    const inRegion = region === null ? new Map<string, Row>() : new Map((await this.counters(manager, { ...mine, region }, true)).map((r) => [r.partner_org_id!, r]));
    for (const id of partnerOrgIds) {
      const regional = inRegion.has(id) ? toScoring(inRegion.get(id)) : null;
      records.set(id, scoringCounts(toScoring(byKind.get(id)), regional));
    }
    return { priors, records };
  }

  /** A partner reads its own; a lender an approved agency's or tow operator's (the published rating); platform staff any. */
  private async assertVisible(principal: Principal, orgId: string): Promise<void> {
    if (!isUuid(orgId)) throw AnalyticsErrors.partnerNotFound();
    if (principal.orgKind === 'platform') return;
    if ((principal.orgKind === 'agency' || principal.orgKind === 'tow_operator') && principal.orgId === orgId) return;
    if (principal.orgKind === 'lender' && (await this.partners.isApprovedServiceProvider(orgId))) return;
    throw AnalyticsErrors.partnerNotFound();
  }

  private async counters(manager: EntityManager, filter: Filter, byPartner: boolean): Promise<Row[]> {
    const sums = MONTH_COUNTERS.map((c) => `coalesce(sum(${c}), 0)::text AS ${c}`).join(', ');
    return (await manager.query(
      `SELECT ${byPartner ? 'partner_org_id, ' : ''}${sums} FROM analytics_partner_months m WHERE ${where(filter, 'm', false)}${byPartner ? ' GROUP BY partner_org_id' : ''}`,
      params(filter),
    )) as Row[];
  }

  private async money(manager: EntityManager, filter: Filter): Promise<MoneyTotals[]> {
    const rows = (await manager.query(
      `SELECT currency, sum(assigned)::text AS assigned, sum(recovered)::text AS recovered, sum(repossession_cost)::text AS repossession_cost
         FROM analytics_partner_money m WHERE ${where(filter, 'm', false)} GROUP BY currency`,
      params(filter),
    )) as Row[];
    return rows.map((r) => ({ currency: r.currency!, assigned: Number(r.assigned), recovered: Number(r.recovered), repossession_cost: Number(r.repossession_cost) }));
  }
}

/**
 * The SQL filter of a scorecard. Figures without a kind or region (a complaint about the partner's
 * conduct in general) count under every kind and region, as the conduct is the partner's everywhere;
 * job facts always have both.
 */
function where(f: Filter, alias: string, facts: boolean): string {
  const general = facts ? '' : ` OR ${alias}.kind = ''`;
  const generalRegion = facts ? '' : ` OR ${alias}.region = ''`;
  return [
    `($1::uuid[] IS NULL OR ${alias}.partner_org_id = ANY($1::uuid[]))`,
    `($2::text IS NULL OR ${alias}.kind = $2${general})`,
    `($3::text IS NULL OR ${alias}.region = $3${generalRegion})`,
    `${alias}.month BETWEEN $4::date AND $5::date`,
  ].join(' AND ');
}

function params(f: Filter): unknown[] {
  return [f.partners, f.kind, f.region, f.fromMonth, f.toMonth];
}

function toScoring(row: Row | undefined): ScoringCounts {
  const n = (k: string) => Number(row?.[k] ?? 0);
  const onTime = n('milestones_on_time');
  return {
    recovered: n('cases_recovered'),
    assigned: n('cases_assigned'),
    complaints_upheld: n('complaints_upheld'),
    jobs_total: n('jobs_assigned'),
    on_time: onTime,
    sla_total: onTime + n('milestones_breached'),
  };
}
