import type { Money } from '../../common/money';

/** Band edges in major units (issue 12: a listing describes the work "with a balance band"). */
const EDGES = [0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000] as const;

function exponentOf(currency: string): number {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** The band a balance falls in: `min` inclusive, `max` exclusive, null above the top edge. */
export function balanceBand(balance: Money): { min: Money; max: Money | null } {
  const unit = 10 ** exponentOf(balance.currency);
  const edges = EDGES.map((e) => e * unit);
  let i = edges.length - 1;
  while (i > 0 && balance.amount < edges[i]!) i--;
  const max = edges[i + 1];
  return { min: { amount: edges[i]!, currency: balance.currency }, max: max === undefined ? null : { amount: max, currency: balance.currency } };
}
