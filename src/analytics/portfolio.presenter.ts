import type { Ratio } from './domain/partner-metrics';
import type { Mean } from './domain/portfolio-metrics';
import type { Portfolio } from './portfolio-queries.service';

export const PORTFOLIO_CSV_COLUMNS = ['figure', 'month', 'key', 'currency', 'numerator', 'denominator', 'value'] as const;
type CsvRow = Record<(typeof PORTFOLIO_CSV_COLUMNS)[number], string | number | null>;

const row = (figure: string, key: string | null, currency: string | null, r: Ratio | Mean | null, value?: number | null, month: string | null = null): CsvRow => ({
  figure,
  month,
  key,
  currency,
  numerator: r?.numerator ?? null,
  denominator: r?.denominator ?? null,
  value: value !== undefined ? value : r && 'rate' in r ? r.rate : (r?.mean ?? null),
});

/** The portfolio as CSV, one line per figure: the same figures as the JSON, nothing else. */
export function portfolioCsvRows(p: Portfolio): CsvRow[] {
  return [
    ...p.placements.flatMap((x) => [row('placements', `${x.bucket}/${x.stage}`, x.currency, x.share), row('placed_amount', `${x.bucket}/${x.stage}`, x.currency, null, x.amount)]),
    ...p.recovery_curve.flatMap((c) => c.points.map((pt) => row('recovery_curve', `${pt.days}d`, c.currency, pt))),
    ...p.roll_rates.map((r) => row('roll_rate', `${r.from}>${r.to}`, null, r, undefined, r.month)),
    ...p.cost_to_collect.map((c) => row('cost_to_collect', `${c.partner_org_id}/${c.kind}`, c.currency, c.cost_to_collect)),
    row('repossessions', null, null, null, p.repossessions.recoveries),
    row('voluntary_share', null, null, p.repossessions.voluntary_share),
    row('days_order_to_recovery', null, null, p.repossessions.days_order_to_recovery),
    ...p.auctions.flatMap((a) => [
      row('lots_closed', null, a.currency, null, a.lots_closed),
      row('lots_sold', null, a.currency, null, a.sold),
      row('lots_paid', null, a.currency, null, a.paid),
      row('no_sale_rate', null, a.currency, a.no_sale_rate),
      row('auction_proceeds', null, a.currency, null, a.proceeds),
      row('proceeds_vs_valuation', null, a.currency, a.proceeds_vs_valuation),
      row('days_in_storage', null, a.currency, a.days_in_storage),
    ]),
    ...p.settlements.flatMap((s) => [
      row('settlements', null, s.currency, null, s.settlements),
      row('settlement_proceeds', null, s.currency, null, s.proceeds),
      row('surplus', null, s.currency, null, s.surplus.amount),
      row('surplus_count', null, s.currency, null, s.surplus.count),
      row('deficiency', null, s.currency, null, s.deficiency.amount),
      row('deficiency_count', null, s.currency, null, s.deficiency.count),
      row('surplus_paid', null, s.currency, null, s.surplus.paid.amount),
      row('surplus_paid_count', null, s.currency, null, s.surplus.paid.count),
      row('deficiency_placed', null, s.currency, null, s.deficiency.placed.amount),
      row('deficiency_placed_count', null, s.currency, null, s.deficiency.placed.count),
    ]),
  ];
}
