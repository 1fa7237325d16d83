import { daysBetween } from '../../common/calendar/calendar-date';

/** DESIGN §4: M1 1–30, M2 31–60, M3 61–90, M4+ over 90 days past due; `current` when not past due. */
export type DelinquencyBucket = 'current' | 'M1' | 'M2' | 'M3' | 'M4+';

/** DESIGN §4: `early` under 60 days past due, `late` from 60. */
export type DelinquencyStage = 'early' | 'late';

export interface Delinquency {
  readonly days_past_due: number;
  readonly bucket: DelinquencyBucket;
  readonly stage: DelinquencyStage;
}

/**
 * Days past due as of a calendar date: whole UTC days from the oldest unpaid due date
 * (`first_missed_due_date`) to `asOf`, and 0 on or before the due date itself — an instalment is
 * not late on the day it falls due.
 *
 * The last payment date is deliberately not an input. DPD here is contractual: a payment cures
 * delinquency only when it brings the oldest unpaid instalment current, and only the lender's loan
 * system knows whether it did; when it does, the lender re-uploads the case with a later
 * `first_missed_due_date`. Counting from the last payment (the "recency" method) would let a token
 * payment reset a 200-day account to M1.
 */
export function daysPastDue(firstMissedDueDate: string, asOf: string): number {
  return Math.max(0, daysBetween(firstMissedDueDate, asOf));
}

export function delinquencyBucket(daysPastDue: number): DelinquencyBucket {
  assertDays(daysPastDue);
  if (daysPastDue === 0) return 'current';
  if (daysPastDue <= 30) return 'M1';
  if (daysPastDue <= 60) return 'M2';
  if (daysPastDue <= 90) return 'M3';
  return 'M4+';
}

export function delinquencyStage(daysPastDue: number): DelinquencyStage {
  assertDays(daysPastDue);
  return daysPastDue < 60 ? 'early' : 'late';
}

/** DPD, bucket and stage of a case as of a calendar date (the service passes today in UTC). */
export function assessDelinquency(firstMissedDueDate: string, asOf: string): Delinquency {
  const days = daysPastDue(firstMissedDueDate, asOf);
  return { days_past_due: days, bucket: delinquencyBucket(days), stage: delinquencyStage(days) };
}

function assertDays(days: number): void {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days past due must be a non-negative integer, got ${days}`);
}
