import { addDays } from '../../common/calendar/calendar-date';

export const PROMISE_STATUSES = ['open', 'kept', 'broken', 'partially_kept'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

/**
 * When a promise is decided (DESIGN §6 "not met by its date plus grace"): at the end of the last
 * day of grace, midnight UTC after `date + graceDays`. The borrower's own day may end a few hours
 * earlier or later; the grace is meant to absorb that.
 */
export function promiseDueAt(promisedFor: string, graceDays: number): Date {
  return new Date(`${addDays(promisedFor, graceDays + 1)}T00:00:00.000Z`);
}

/**
 * What payments reported since the promise make of it: kept once they cover it (at any time), and
 * at its due time broken when nothing was paid or partially kept when less than promised was.
 * Before the due time an uncovered promise stays open.
 */
export function promiseOutcome(amount: number, paid: number, due: boolean): PromiseStatus {
  if (paid >= amount) return 'kept';
  if (!due) return 'open';
  return paid > 0 ? 'partially_kept' : 'broken';
}
