import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import type { Principal } from '../common/tenancy/principal';
import { AnalyticsErrors } from './analytics.errors';
import { ratio, Ratio } from './domain/partner-metrics';
import { addMonths, costRatio, CurvePoint, LOT_COUNTERS, mean, Mean, monthOf, recoveryCurve, RollRate, rollRates, RollState } from './domain/portfolio-metrics';
import { PortfolioQuery } from './dto/portfolio-query.dto';

export interface Portfolio {
  readonly lender_org_id: string | null;
  readonly product: string | null;
  readonly region: string | null;
  readonly from: string;
  readonly to: string;
  readonly as_of: string;
  readonly placements: readonly { bucket: string; stage: string; currency: string; cases: number; amount: number; share: Ratio }[];
  readonly recovery_curve: readonly { currency: string; points: CurvePoint[] }[];
  readonly roll_rates: readonly RollRate[];
  readonly cost_to_collect: readonly { partner_org_id: string; kind: string; currency: string; fees: number; recovered: number; cost_to_collect: Ratio }[];
  readonly repossessions: { readonly recoveries: number; readonly voluntary_share: Ratio; readonly days_order_to_recovery: Mean };
  readonly auctions: readonly { currency: string | null; lots_closed: number; sold: number; paid: number; no_sale_rate: Ratio; proceeds: number; proceeds_vs_valuation: Ratio; days_in_storage: Mean }[];
  readonly settlements: readonly {
    currency: string;
    settlements: number;
    proceeds: number;
    surplus: { amount: number; count: number; paid: { amount: number; count: number } };
    deficiency: { amount: number; count: number; placed: { amount: number; count: number } };
  }[];
}

interface Filter {
  readonly lender: string | null;
  readonly product: string | null;
  readonly region: string | null;
  readonly fromMonth: string;
  readonly toMonth: string;
}

type Row = Record<string, string | null>;

/** The default period: the year up to `to`. */
const DEFAULT_MONTHS = 12;

/**
 * Reads the lender portfolio (DESIGN §10, issue 17) from its read model: sums of the monthly
 * aggregates asked for, a handful of indexed queries whatever the number of cases or events behind
 * them. A lender reads its own; platform staff all, or one lender's.
 */
@Injectable()
export class PortfolioQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async portfolio(principal: Principal, query: PortfolioQuery): Promise<Portfolio> {
    const lender = principal.orgKind === 'platform' ? (query.lender_org_id ?? null) : principal.orgId;
    if (principal.orgKind !== 'platform' && query.lender_org_id !== undefined && query.lender_org_id !== principal.orgId) throw AnalyticsErrors.lenderNotFound();
    const to = query.to ?? this.clock.today();
    if (query.from !== undefined && query.from > to) throw AnalyticsErrors.badPeriod();
    const toMonth = monthOf(to);
    const fromMonth = query.from ? monthOf(query.from) : addMonths(toMonth, 1 - DEFAULT_MONTHS);
    const f: Filter = { lender, product: query.product ?? null, region: query.region ?? null, fromMonth, toMonth };
    const today = this.clock.today();
    const [placements, recovered, rolls, costs, repossessions, auctions, settlements] = await Promise.all([
      this.rows(`SELECT month::text AS month, bucket, stage, currency, sum(cases)::text AS cases, sum(amount)::text AS amount FROM analytics_portfolio_placements WHERE ${where(true)} GROUP BY 1, 2, 3, 4`, f),
      this.rows(`SELECT month::text AS month, currency, step::text AS step, sum(recovered)::text AS recovered FROM analytics_portfolio_recoveries WHERE ${where(true)} GROUP BY 1, 2, 3`, f),
      // Running totals: a month's count is every delta up to it (`rollDeltas`).
      this.rows(
        `SELECT mo.m::date::text AS month, r.from_state, r.to_state, sum(r.delta)::text AS cases
           FROM generate_series($4::date, least($5::date, date_trunc('month', $6::date)::date), interval '1 month') mo(m)
           JOIN analytics_portfolio_rolls r ON r.month <= mo.m
          WHERE ${where(false, 'r')} GROUP BY 1, 2, 3`,
        f,
        [today],
      ),
      this.rows(`SELECT partner_org_id, kind, currency, sum(fees)::text AS fees, sum(recovered)::text AS recovered FROM analytics_portfolio_costs WHERE ${where(true)} GROUP BY 1, 2, 3`, f),
      this.rows(`SELECT coalesce(sum(recoveries), 0)::text AS recoveries, coalesce(sum(voluntary), 0)::text AS voluntary, coalesce(sum(timed), 0)::text AS timed, coalesce(sum(hours_to_recovery), 0)::text AS hours FROM analytics_portfolio_repossessions WHERE ${where(true)}`, f),
      this.rows(
        `SELECT currency, ${LOT_COUNTERS.map((c) => `sum(${c})::text AS ${c}`).join(', ')}
           FROM analytics_portfolio_auctions WHERE ${where(true)} GROUP BY 1`,
        f,
      ),
      this.rows(
        `SELECT currency, ${['settlements', 'proceeds', 'surplus', 'surplus_count', 'surplus_paid', 'surplus_paid_count', 'deficiency', 'deficiency_count', 'deficiency_placed', 'deficiency_placed_count'].map((c) => `sum(${c})::text AS ${c}`).join(', ')}
           FROM analytics_portfolio_settlements WHERE ${where(true)} GROUP BY 1`,
        f,
      ),
    ]);
    const n = (r: Row | undefined, k: string) => Number(r?.[k] ?? 0);
    const byCurrency = <T>(rows: T[], key: (r: T) => string) => rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

    const placed = new Map<string, { bucket: string; stage: string; currency: string; cases: number; amount: number }>();
    for (const r of placements) {
      const k = `${r.bucket}|${r.stage}|${r.currency}`;
      const e = placed.get(k) ?? { bucket: r.bucket!, stage: r.stage!, currency: r.currency!, cases: 0, amount: 0 };
      placed.set(k, { ...e, cases: e.cases + n(r, 'cases'), amount: e.amount + n(r, 'amount') });
    }
    const totalCases = [...placed.values()].reduce((s, p) => s + p.cases, 0);
    const cohorts = new Map<string, { month: string; currency: string; placed: number }>();
    for (const r of placements) {
      const k = `${r.month}|${r.currency}`;
      cohorts.set(k, { month: r.month!, currency: r.currency!, placed: (cohorts.get(k)?.placed ?? 0) + n(r, 'amount') });
    }
    const [rep] = repossessions;
    return {
      lender_org_id: lender,
      product: f.product,
      region: f.region,
      from: fromMonth,
      to,
      as_of: this.clock.now().toISOString(),
      placements: [...placed.values()]
        .sort((a, b) => BUCKET_ORDER.indexOf(a.bucket) - BUCKET_ORDER.indexOf(b.bucket) || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0) || (a.currency < b.currency ? -1 : 1))
        .map((p) => ({ ...p, share: ratio(p.cases, totalCases) })),
      recovery_curve: recoveryCurve(
        [...cohorts.values()],
        recovered.map((r) => ({ month: r.month!, currency: r.currency!, step: n(r, 'step'), recovered: n(r, 'recovered') })),
        today,
      ),
      roll_rates: rollRates(rolls.map((r) => ({ month: r.month!, from: r.from_state as RollState, to: r.to_state as RollState, cases: n(r, 'cases') }))),
      cost_to_collect: byCurrency(
        costs.map((r) => ({ partner_org_id: r.partner_org_id!, kind: r.kind!, currency: r.currency!, fees: n(r, 'fees'), recovered: n(r, 'recovered'), cost_to_collect: costRatio(n(r, 'fees'), n(r, 'recovered')) })),
        (c) => `${c.partner_org_id}|${c.kind}|${c.currency}`,
      ),
      repossessions: {
        recoveries: n(rep, 'recoveries'),
        voluntary_share: ratio(n(rep, 'voluntary'), n(rep, 'recoveries')),
        days_order_to_recovery: mean(n(rep, 'hours') / 24, n(rep, 'timed')),
      },
      auctions: byCurrency(
        auctions.map((r) => ({
          // A lot closed unsold with no valuation has no money to name a currency by.
          currency: r.currency === '' ? null : r.currency,
          lots_closed: n(r, 'lots_closed'),
          sold: n(r, 'sold'),
          paid: n(r, 'paid'),
          no_sale_rate: ratio(n(r, 'no_sale'), n(r, 'lots_closed')),
          proceeds: n(r, 'proceeds'),
          proceeds_vs_valuation: costRatio(n(r, 'valued_proceeds'), n(r, 'valuation')),
          days_in_storage: mean(n(r, 'storage_days'), n(r, 'released_from_storage')),
        })),
        (a) => a.currency ?? '',
      ),
      settlements: byCurrency(
        settlements.map((r) => ({
          currency: r.currency!,
          settlements: n(r, 'settlements'),
          proceeds: n(r, 'proceeds'),
          surplus: { amount: n(r, 'surplus'), count: n(r, 'surplus_count'), paid: { amount: n(r, 'surplus_paid'), count: n(r, 'surplus_paid_count') } },
          deficiency: { amount: n(r, 'deficiency'), count: n(r, 'deficiency_count'), placed: { amount: n(r, 'deficiency_placed'), count: n(r, 'deficiency_placed_count') } },
        })),
        (s) => s.currency,
      ),
    };
  }

  private async rows(sql: string, f: Filter, extra: unknown[] = []): Promise<Row[]> {
    return (await this.dataSource.query(sql, [f.lender, f.product, f.region, f.fromMonth, f.toMonth, ...extra])) as Row[];
  }
}

const BUCKET_ORDER = ['current', 'M1', 'M2', 'M3', 'M4+'];

/** The filter: `$1` lender (null: all), `$2` product, `$3` region, `$4`..`$5` months (left out for running totals). */
function where(months: boolean, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return [
    `($1::uuid IS NULL OR ${a}lender_org_id = $1)`,
    `($2::text IS NULL OR ${a}product = $2)`,
    `($3::text IS NULL OR ${a}region = $3)`,
    ...(months ? [`${a}month BETWEEN $4::date AND $5::date`] : []),
  ].join(' AND ');
}
