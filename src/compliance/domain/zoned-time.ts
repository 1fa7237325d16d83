/**
 * Wall-clock arithmetic in IANA zones through Node's `Intl` (docs/decisions.md, issue 13): the
 * offset of a zone at an instant comes from the ICU time-zone database Node ships, so daylight
 * saving changes are the database's, not ours. Local days are `YYYY-MM-DD` strings.
 */
export interface LocalTime {
  readonly date: string;
  /** Minutes since local midnight, 0–1439. */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA zone this runtime knows. */
export function isKnownZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function partsOf(instant: Date, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date and minute of the day of an instant in a zone. */
export function localTimeOf(instant: Date, zone: string): LocalTime {
  const p = partsOf(instant, zone);
  return { date: `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`, minutes: p.h * 60 + p.mi };
}

/** Offset of the zone from UTC at an instant, in minutes (New York in winter: -300). */
function offsetMinutes(instant: Date, zone: string): number {
  const p = partsOf(instant, zone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The first instant at or after the local wall time `date` + `minutes` in the zone. A wall time
 * skipped by a spring-forward change (02:30 in New York on the change day) resolves to the first
 * instant after the gap; a repeated one (01:30 on the fall-back day) to its earlier occurrence.
 */
export function instantAt(date: string, minutes: number, zone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, 0, minutes);
  const target: LocalTime = { date, minutes };
  // The two offsets around the wall time (they differ only near a change) give the candidates.
  const candidates = [...new Set([wall - 36 * 3_600_000, wall + 36 * 3_600_000].map((probe) => wall - offsetMinutes(new Date(probe), zone) * 60_000))].sort((a, b) => a - b);
  const exact = candidates.filter((t) => compareLocal(localTimeOf(new Date(t), zone), target) === 0);
  if (exact.length > 0) return new Date(exact[0]!);
  // A gap: the first minute whose local time is past the skipped wall time.
  let lo = candidates[0]!;
  let hi = candidates[candidates.length - 1]!;
  if (compareLocal(localTimeOf(new Date(lo), zone), target) > 0) return new Date(lo);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (compareLocal(localTimeOf(new Date(mid), zone), target) < 0) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

function compareLocal(a: LocalTime, b: LocalTime): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.minutes - b.minutes;
}

/** Midnight at the start of a local date in the zone. */
export function startOfLocalDay(date: string, zone: string): Date {
  return instantAt(date, 0, zone);
}

/** A local date moved by whole calendar days. */
export function addLocalDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/** `HH:MM` → minutes since midnight. */
export function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function clockOf(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
