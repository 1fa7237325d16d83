import type { Ratio } from './domain/partner-metrics';
import type { Scorecard } from './scorecard-queries.service';

export const SCORECARD_CSV_COLUMNS = ['figure', 'currency', 'numerator', 'denominator', 'value'] as const;
type CsvRow = Record<(typeof SCORECARD_CSV_COLUMNS)[number], string | number | null>;

const RATIOS = [
  'recovery_rate_by_count',
  'right_party_contact_rate',
  'promises_kept_rate',
  'sla_breach_rate',
  'duty_breach_rate',
  'complaint_rate',
  'compliance_refusals',
  'holds_acknowledged_on_time',
  'voluntary_recovery_share',
] as const;

const ratioRow = (figure: string, r: Ratio, currency: string | null = null): CsvRow => ({ figure, currency, numerator: r.numerator, denominator: r.denominator, value: r.rate });
const countRow = (figure: string, value: number): CsvRow => ({ figure, currency: null, numerator: null, denominator: null, value });

/** The scorecard as CSV, one line per figure: the same figures as the JSON, nothing else. */
export function scorecardCsvRows(s: Scorecard): CsvRow[] {
  return [
    countRow('jobs_assigned', s.jobs_assigned),
    countRow('cases_assigned', s.cases_assigned),
    countRow('cases_recovered', s.cases_recovered),
    ...RATIOS.map((k) => ratioRow(k, s[k])),
    countRow('promises_pending', s.promises_pending),
    { figure: 'median_days_to_first_action', currency: null, numerator: null, denominator: s.median_days_to_first_action.jobs, value: s.median_days_to_first_action.days },
    { figure: 'median_days_to_completion', currency: null, numerator: null, denominator: s.median_days_to_completion.jobs, value: s.median_days_to_completion.days },
    countRow('recoveries_voluntary', s.recoveries.voluntary),
    countRow('recoveries_involuntary', s.recoveries.involuntary),
    ...s.money.flatMap((m) => [
      { figure: 'amount_assigned', currency: m.currency, numerator: null, denominator: null, value: m.amount_assigned },
      { figure: 'amount_recovered', currency: m.currency, numerator: null, denominator: null, value: m.amount_recovered },
      ratioRow('recovery_rate_by_amount', m.recovery_rate_by_amount, m.currency),
      { figure: 'cost_per_repossession', currency: m.currency, numerator: m.cost_per_repossession.numerator, denominator: m.cost_per_repossession.denominator, value: m.cost_per_repossession.amount },
    ]),
  ];
}
