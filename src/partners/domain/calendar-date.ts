/**
 * Calendar dates as ISO 8601 `YYYY-MM-DD` strings. Credential dates are calendar days, not
 * instants (a licence "expires on 2025-06-30"), so they carry no time zone (DESIGN §3).
 * Valid strings compare correctly as strings; arithmetic goes through UTC midnight.
 */
export type CalendarDate = string;

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isCalendarDate(value: string): boolean {
  const m = SHAPE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function assertCalendarDate(value: string, what = 'date'): CalendarDate {
  if (!isCalendarDate(value)) throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

function toUtcMs(date: CalendarDate): number {
  return Date.parse(`${assertCalendarDate(date)}T00:00:00Z`);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}
