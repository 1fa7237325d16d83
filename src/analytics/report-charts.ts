import { heatMapSvg, lineChartSvg, percent } from './domain/charts';
import type { Ratio } from './domain/partner-metrics';
import { ROLL_STATES } from './domain/portfolio-metrics';
import type { Portfolio } from './portfolio-queries.service';

const share = (r: Ratio) => (r.rate === null ? 'nothing to count' : `${percent(r.rate)} (${r.numerator} of ${r.denominator})`);
type Scope = Pick<Portfolio, 'product' | 'region' | 'from' | 'to'>;
const scope = (p: Scope) => `${p.product ?? 'all products'}, ${p.region ?? 'all regions'}, ${p.from.slice(0, 7)} to ${p.to.slice(0, 7)}`;

/** The recovery curve: cumulative recovered ÷ placed by days since placement, one line per currency. */
export function recoveryCurveSvg(p: Scope & Pick<Portfolio, 'recovery_curve'>): string {
  const days = [...new Set(p.recovery_curve.flatMap((c) => c.points.map((pt) => pt.days)))].sort((a, b) => a - b);
  const words = p.recovery_curve.map((c) => `${c.currency}: ${c.points.map((pt) => `${pt.days} days ${share(pt)}`).join(', ') || 'no placement month old enough yet'}`);
  return lineChartSvg({
    title: 'Recovery curve',
    description: `Cumulative amount recovered as a share of the amount placed, by days since placement (${scope(p)}). ${words.join('. ') || 'Nothing placed in the period.'}`,
    xLabel: 'days since placement',
    yLabel: 'recovered ÷ placed',
    xTicks: days.map((d) => ({ x: d, label: String(d) })),
    series: p.recovery_curve.map((c) => ({ name: c.currency, points: c.points.map((pt) => ({ x: pt.days, y: pt.rate, label: `${pt.days} days: ${share(pt)}` })) })),
  });
}

/** The roll-rate matrix of the last month of the period with cases in it, as a heat map. */
export function rollRatesSvg(p: Scope & Pick<Portfolio, 'roll_rates'>): string {
  const month = p.roll_rates.reduce<string | null>((last, r) => (last === null || r.month > last ? r.month : last), null);
  const rates = p.roll_rates.filter((r) => r.month === month);
  const rows = ROLL_STATES.filter((s) => s !== 'closed' && rates.some((r) => r.from === s));
  const title = `Roll rates${month ? `, ${month.slice(0, 7)}` : ''}`;
  return heatMapSvg({
    title,
    description: `Of the cases in each bucket at the end of the month before, the share in each bucket (or closed) at the end of the month (${scope(p)}). ${
      rates.map((r) => `${r.from} to ${r.to}: ${share(r)}`).join('; ') || 'No cases in the period.'
    }`,
    rowLabel: 'bucket at the start of the month',
    columnLabel: 'at the end of the month',
    rows,
    columns: [...ROLL_STATES],
    cells: rows.flatMap((from) =>
      ROLL_STATES.map((to) => {
        const r = rates.find((x) => x.from === from && x.to === to);
        return { row: from, column: to, value: r?.rate ?? null, label: r ? `${from} → ${to}: ${share(r)}` : `${from} → ${to}: none` };
      }),
    ),
  });
}

/** A partner's record month by month (`ScorecardQueries.trend`). */
export interface ScorecardTrend {
  readonly partner_org_id: string;
  readonly kind: string | null;
  readonly region: string | null;
  readonly months: readonly { readonly month: string; readonly recovery_rate_by_count: Ratio; readonly sla_breach_rate: Ratio; readonly complaint_rate: Ratio }[];
}

const TREND_SERIES = [
  ['recovery rate', 'recovery_rate_by_count'],
  ['SLA breach rate', 'sla_breach_rate'],
  ['complaint rate', 'complaint_rate'],
] as const;

/** Scorecard trends: recovery, SLA breach and complaint rates by month of acceptance. */
export function scorecardTrendSvg(t: ScorecardTrend): string {
  const label = (m: string) => m.slice(0, 7);
  return lineChartSvg({
    title: 'Scorecard trends',
    description: `Recovery rate by count, SLA breach rate and upheld-complaint rate of the jobs accepted each month (${t.kind ?? 'all kinds'}, ${t.region ?? 'all regions'}). ${
      t.months.map((m) => `${label(m.month)}: ${TREND_SERIES.map(([name, key]) => `${name} ${share(m[key])}`).join(', ')}`).join('. ') || 'No jobs in the period.'
    }`,
    xLabel: 'month of acceptance',
    yLabel: 'rate',
    xTicks: t.months.map((m, i) => ({ x: i, label: label(m.month) })),
    series: TREND_SERIES.map(([name, key]) => ({ name, points: t.months.map((m, i) => ({ x: i, y: m[key].rate, label: `${label(m.month)}: ${share(m[key])}` })) })),
  });
}
