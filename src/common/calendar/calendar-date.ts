/**
 * Calendar dates (`YYYY-MM-DD`): due dates, licence expiries, valuation dates. They name a day,
 * not an instant, so they carry no time zone and are compared as whole UTC days. Valid strings
 * also compare correctly as strings.
 */
export type CalendarDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 for a real calendar date, or `null` when the text is not one
 * (wrong shape, 2023-02-29, 2024-13-01). Years before 0100 are refused because `Date.UTC`
 * maps them onto the 1900s.
 */
export function toEpochDay(date: string): number | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 100) return null;
  const ms = Date.UTC(year, month - 1, day);
  const parsed = new Date(ms);
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

export function isCalendarDate(value: string): boolean {
  return toEpochDay(value) !== null;
}

export function assertCalendarDate(value: string, what = 'date'): CalendarDate {
  if (!isCalendarDate(value)) throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

function requireEpochDay(date: string): number {
  const day = toEpochDay(date);
  if (day === null) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  return day;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); throws on a malformed date. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return requireEpochDay(to) - requireEpochDay(from);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date((requireEpochDay(date) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC calendar date of an instant. */
export function calendarDateOf(instant: Date): CalendarDate {
  return instant.toISOString().slice(0, 10);
}
