import { addDays, daysBetween } from '../../common/calendar/calendar-date';
import { daysPastDue, delinquencyBucket, DelinquencyBucket } from '../../cases/domain/delinquency';
import { ratio, Ratio } from './partner-metrics';

/**
 * The lender portfolio's definitions (DESIGN §10, issue 17): pure, table-tested, each figure with
 * its numerator and denominator. Months are their first day, YYYY-MM-01; days are YYYY-MM-DD (UTC).
 */

/** Where a case is at a month's end: its bucket (DESIGN §4), or out of the book (resolved, written off). */
export type RollState = DelinquencyBucket | 'closed';
export const ROLL_STATES: readonly RollState[] = ['current', 'M1', 'M2', 'M3', 'M4+', 'closed'];

export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

export function addMonths(month: string, n: number): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n];
  const year = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}-01`;
}

/** The last day of a month. */
export const monthEnd = (month: string): string => addDays(addMonths(month, 1), -1);

export const bucketOn = (firstMissedDueDate: string, day: string): DelinquencyBucket => delinquencyBucket(daysPastDue(firstMissedDueDate, day));

/** One move of the roll-rate read model: from `month` on, `delta` more cases went `from` → `to` in each month. */
export interface RollDelta {
  readonly month: string;
  readonly from: RollState;
  readonly to: RollState;
  readonly delta: number;
}

/** Months followed before a case is assumed to stay where it is (a first missed date years ahead). */
const MAX_PATH_MONTHS = 240;

/**
 * A case's roll path (month over month: its bucket at the end of the month before, and where it is
 * at the end of the month) as running-total deltas. Days past due are contractual (cases' delinquency:
 * a cure is the lender re-uploading a later first missed date), so an open case's path is known from
 * its first missed date: it rolls forward until M4+, then stays M4+ → M4+ every month (one delta with
 * no end). A case closed on a day leaves at that month's end (`→ closed`) and counts nowhere after.
 * The count for (month M, from, to) is the sum of the deltas of months up to M.
 */
export function rollDeltas(firstMissedDueDate: string, placedOn: string, closedOn: string | null): RollDelta[] {
  const out: RollDelta[] = [];
  let month = addMonths(monthOf(placedOn), 1);
  for (let i = 0; i < MAX_PATH_MONTHS; i++, month = addMonths(month, 1)) {
    const before = addDays(month, -1);
    if (closedOn !== null && closedOn <= before) break;
    const from = bucketOn(firstMissedDueDate, before);
    const end = monthEnd(month);
    const to: RollState = closedOn !== null && closedOn <= end ? 'closed' : bucketOn(firstMissedDueDate, end);
    if (from === 'M4+' && to === 'M4+') {
      out.push({ month, from, to, delta: 1 });
      if (closedOn === null) break;
      const closedMonth = monthOf(closedOn);
      out.push({ month: closedMonth, from, to, delta: -1 }, { month: closedMonth, from, to: 'closed', delta: 1 }, { month: addMonths(closedMonth, 1), from, to: 'closed', delta: -1 });
      break;
    }
    out.push({ month, from, to, delta: 1 }, { month: addMonths(month, 1), from, to, delta: -1 });
    if (to === 'closed') break;
  }
  return out;
}

/** What moving a case between two paths changes (closing it, reopening it): `after` − `before`, summed by key. */
export function rollChange(before: readonly RollDelta[], after: readonly RollDelta[]): RollDelta[] {
  const sums = new Map<string, RollDelta>();
  for (const [list, sign] of [[before, -1], [after, 1]] as const) {
    for (const d of list) {
      const key = `${d.month}|${d.from}|${d.to}`;
      const prev = sums.get(key);
      sums.set(key, { ...d, delta: (prev?.delta ?? 0) + sign * d.delta });
    }
  }
  return [...sums.values()].filter((d) => d.delta !== 0);
}

export interface RollCount {
  readonly month: string;
  readonly from: RollState;
  readonly to: RollState;
  readonly cases: number;
}

export interface RollRate extends Ratio {
  readonly month: string;
  readonly from: RollState;
  readonly to: RollState;
}

/**
 * The roll-rate matrix: of the cases in bucket `from` at the end of the month before, the share in
 * `to` at the end of `month` (each row's denominator is the cases that started the month in `from`).
 */
export function rollRates(counts: readonly RollCount[]): RollRate[] {
  const rows = new Map<string, number>();
  for (const c of counts) rows.set(`${c.month}|${c.from}`, (rows.get(`${c.month}|${c.from}`) ?? 0) + c.cases);
  return counts
    .filter((c) => c.cases > 0)
    .map((c) => ({ month: c.month, from: c.from, to: c.to, ...ratio(c.cases, rows.get(`${c.month}|${c.from}`)!) }))
    .sort((a, b) => (a.month !== b.month ? (a.month < b.month ? -1 : 1) : ROLL_STATES.indexOf(a.from) - ROLL_STATES.indexOf(b.from) || ROLL_STATES.indexOf(a.to) - ROLL_STATES.indexOf(b.to)));
}

/** The recovery curve's resolution: recoveries are kept by 30-day step since placement. */
export const CURVE_STEP_DAYS = 30;
/** Points of the curve: 30, 60, … 360 days. */
export const CURVE_STEPS = 12;

/** The 30-day step a payment falls in: 0 for days 0–29 after placement. */
export function curveStep(placedOn: string, receivedOn: string): number {
  return Math.max(0, Math.floor(daysBetween(placedOn, receivedOn) / CURVE_STEP_DAYS));
}

export interface CohortPlaced {
  readonly month: string;
  readonly currency: string;
  readonly placed: number;
}
export interface CohortRecovered {
  readonly month: string;
  readonly currency: string;
  readonly step: number;
  readonly recovered: number;
}
export interface CurvePoint extends Ratio {
  readonly days: number;
}

/**
 * Cumulative recovered ÷ placed by days since placement, per currency. The point at D days counts
 * only the placement months whose every case has had D days (the month's last day + D ≤ today), so
 * young months do not pull the curve down; its numerator is what those months recovered within D days.
 */
export function recoveryCurve(placed: readonly CohortPlaced[], recovered: readonly CohortRecovered[], today: string): { currency: string; points: CurvePoint[] }[] {
  const currencies = [...new Set(placed.map((p) => p.currency))].sort();
  return currencies.map((currency) => {
    const points: CurvePoint[] = [];
    for (let k = 1; k <= CURVE_STEPS; k++) {
      const days = k * CURVE_STEP_DAYS;
      const ripe = new Set(placed.filter((p) => p.currency === currency && addDays(monthEnd(p.month), days) <= today).map((p) => p.month));
      if (ripe.size === 0) break;
      const denominator = placed.filter((p) => p.currency === currency && ripe.has(p.month)).reduce((n, p) => n + p.placed, 0);
      const numerator = recovered.filter((r) => r.currency === currency && ripe.has(r.month) && r.step < k).reduce((n, r) => n + r.recovered, 0);
      points.push({ days, ...ratio(Math.max(0, numerator), denominator) });
    }
    return { currency, points };
  });
}

/** A mean with what it was taken over: total ÷ count, 2 decimals; null for none. */
export interface Mean {
  readonly numerator: number;
  readonly denominator: number;
  readonly mean: number | null;
}

export function mean(total: number, count: number): Mean {
  return { numerator: Math.round(total * 100) / 100, denominator: count, mean: count === 0 ? null : Math.round((total / count) * 100) / 100 };
}

/** Fees ÷ recovered: may exceed 1 (a repossession fee on a vehicle not yet sold), 4 decimals; null with nothing recovered. */
export function costRatio(fees: number, recovered: number): Ratio {
  return { numerator: fees, denominator: recovered, rate: recovered <= 0 ? null : Math.round((fees / recovered) * 10_000) / 10_000 };
}

/**
 * One auction lot as the portfolio keeps it (`analytics_portfolio_lots`). The lot counts in the
 * month it closed; its result is the last decision on it (DESIGN §7): the close (sold or no sale),
 * then the lender accepting the high bid of a lot below its reserve, a second-chance offer accepted
 * (a later offer outranks an earlier), or the lot going back to the lender unsold (final).
 */
export interface LotFact {
  /** The month of the close; null while only later events were seen (they may arrive first). */
  readonly month: string | null;
  readonly sold: boolean;
  readonly price: number;
  /** Which decision `sold`/`price` come from: a later event of lower rank does not undo a higher one. */
  readonly rank: number;
  readonly valuation: number | null;
  readonly paid: boolean;
  /** Days stored until the buyer's pick-up (every started day, as the yard itemised it); null before the release. */
  readonly storageDays: number | null;
}

export const NO_LOT: LotFact = { month: null, sold: false, price: 0, rank: -1, valuation: null, paid: false, storageDays: null };

/** Decision ranks: the close, the high bid accepted, second-chance offer n (from 1), the return to the lender. */
export const LOT_DECISION = {
  closed: 0,
  highBidAccepted: 1,
  secondChance: (offerRank: number) => 1 + offerRank,
  returnedToLender: Number.MAX_SAFE_INTEGER,
} as const;

/** A decision on the lot's result, kept only if it outranks the one the fact has. */
export function decideLot(fact: LotFact, decision: { rank: number; sold: boolean; price: number }): LotFact {
  if (decision.rank <= fact.rank) return fact;
  return { ...fact, rank: decision.rank, sold: decision.sold, price: decision.sold ? decision.price : 0 };
}

export const LOT_COUNTERS = ['lots_closed', 'sold', 'no_sale', 'paid', 'proceeds', 'valued_sold', 'valued_proceeds', 'valuation', 'released_from_storage', 'storage_days'] as const;
export type LotCounters = Record<(typeof LOT_COUNTERS)[number], number>;

/** What a lot adds to its month's auction results: nothing until its close is known. */
export function lotCounters(f: LotFact): LotCounters {
  const closed = f.month !== null;
  const sold = closed && f.sold;
  const valued = sold && f.valuation !== null;
  const stored = closed && f.storageDays !== null;
  return {
    lots_closed: closed ? 1 : 0,
    sold: sold ? 1 : 0,
    no_sale: closed && !f.sold ? 1 : 0,
    paid: sold && f.paid ? 1 : 0,
    proceeds: sold ? f.price : 0,
    valued_sold: valued ? 1 : 0,
    valued_proceeds: valued ? f.price : 0,
    valuation: valued ? f.valuation! : 0,
    released_from_storage: stored ? 1 : 0,
    storage_days: stored ? f.storageDays! : 0,
  };
}

/** The deltas moving a lot from `before` to `after` leave on its month's counters. */
export function lotChange(before: LotFact, after: LotFact): LotCounters {
  const [b, a] = [lotCounters(before), lotCounters(after)];
  return Object.fromEntries(LOT_COUNTERS.map((k) => [k, a[k] - b[k]])) as LotCounters;
}

/**
 * Days a sold vehicle spent in storage until the buyer picked it up: the yard's own count when it
 * itemised one (every started day, DESIGN §7), else the started days since the tow operator reported
 * it stored; null for a vehicle never reported stored.
 */
export function storageDaysOf(yardDays: number, storedAt: Date | null, pickedUpAt: Date): number | null {
  if (yardDays > 0) return yardDays;
  if (storedAt === null) return null;
  return Math.max(1, Math.ceil((pickedUpAt.getTime() - storedAt.getTime()) / 86_400_000));
}
