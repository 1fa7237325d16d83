/**
 * Calendar dates (`YYYY-MM-DD`) as the placement API carries them (DESIGN §4: origination, first
 * missed due and last payment dates). They name a day, not an instant, so they are compared as
 * whole UTC days and never pass through a local time zone.
 */
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
  const ms = Date.UTC(year, month - 1, day);
  const parsed = new Date(ms);
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); throws on a malformed date. */
export function daysBetween(from: string, to: string): number {
  return requireEpochDay(to) - requireEpochDay(from);
}

function requireEpochDay(date: string): number {
  const day = toEpochDay(date);
  if (day === null) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  return day;
}
