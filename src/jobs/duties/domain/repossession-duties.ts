import { isCalendarDate, toEpochDay } from '../../../common/calendar/calendar-date';
import { FieldError } from '../../../common/problem/problem';

/** What a repossessor owes after a recovery (DESIGN §6), in the trade's words. */
export const DUTY_KINDS = ['police_notification', 'seizure_notice', 'personal_effects_release'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

/** The progress event that discharges each timed duty; a release is recorded on the inventory instead. */
export const FULFILLING_EVENTS = { police_notification: 'police_notified', seizure_notice: 'seizure_notice_sent' } as const satisfies Partial<Record<DutyKind, string>>;
export type DutyFulfillingEvent = (typeof FULFILLING_EVENTS)[keyof typeof FULFILLING_EVENTS];

/** One duty of one jurisdiction, as the platform edits it (type aliases: they are stored as JSON in the audit log). */
export type DutyRule = {
  readonly duty: DutyKind;
  /** Hours after the recovery; null for a duty without a deadline (the release of personal effects). */
  readonly within_hours: number | null;
  /** Added once when the base period encompasses a Saturday or a Sunday. */
  readonly weekend_extension_hours: number;
  /** Added once when the base period encompasses a holiday of the jurisdiction's calendar. */
  readonly holiday_extension_hours: number;
  readonly citation: string;
  readonly description: string;
};

export type Holiday = {
  readonly date: string;
  readonly name: string;
};

/** The duties of a country or a subdivision, with the local time and holidays their deadlines are counted in. */
export type Jurisdiction = {
  /** `US` (a country's default) or `US-CA` (ISO 3166-2). */
  readonly code: string;
  /** IANA zone the statute's days are counted in. */
  readonly time_zone: string;
  readonly holidays: readonly Holiday[];
  readonly duties: readonly DutyRule[];
};

const HOUR_MS = 3_600_000;

/** The calendar date (`YYYY-MM-DD`) an instant falls on in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD; Intl carries the tz database, so no library is needed (docs/decisions.md).
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function weekdayOf(date: string): number {
  return new Date(toEpochDay(date)! * 86_400_000).getUTCDay();
}

function nextDate(date: string): string {
  return new Date((toEpochDay(date)! + 1) * 86_400_000).toISOString().slice(0, 10);
}

/** The local calendar days a period touches, from the day it starts to the day of its last instant. */
export function daysTouched(from: Date, to: Date, timeZone: string): string[] {
  const last = localDate(new Date(to.getTime() - 1), timeZone);
  const days: string[] = [];
  for (let day = localDate(from, timeZone); day <= last; day = nextDate(day)) days.push(day);
  return days;
}

export interface DutyDeadline {
  readonly dueAt: Date;
  readonly hours: number;
  /** Why the base period was extended, for the record and the lender's view. */
  readonly extendedFor: readonly ('weekend' | 'holiday')[];
}

/**
 * When a timed duty falls due after a recovery, or null for a duty without a deadline. The period
 * is counted in elapsed hours, as the statutes say ("within one hour", "not later than 48 hours");
 * which days it encompasses is read in the jurisdiction's local time. Cal. Bus. & Prof. Code
 * §7507.10(a): 48 hours, "except that if the 48-hour period encompasses a Saturday, Sunday, or
 * postal holiday, ... not later than 72 hours or, if the 48-hour period encompasses a Saturday or
 * Sunday and a postal holiday, ... not later than 96 hours" — so each kind of day found in the
 * base period adds its extension once, whatever else the extended period then covers.
 */
export function dutyDeadline(rule: DutyRule, recoveredAt: Date, jurisdiction: Pick<Jurisdiction, 'time_zone' | 'holidays'>): DutyDeadline | null {
  if (rule.within_hours === null) return null;
  const baseEnd = new Date(recoveredAt.getTime() + rule.within_hours * HOUR_MS);
  const days = rule.within_hours > 0 ? daysTouched(recoveredAt, baseEnd, jurisdiction.time_zone) : [];
  const holidays = new Set(jurisdiction.holidays.map((h) => h.date));
  const extendedFor: ('weekend' | 'holiday')[] = [];
  let hours = rule.within_hours;
  if (rule.weekend_extension_hours > 0 && days.some((d) => weekdayOf(d) === 0 || weekdayOf(d) === 6)) {
    hours += rule.weekend_extension_hours;
    extendedFor.push('weekend');
  }
  if (rule.holiday_extension_hours > 0 && days.some((d) => holidays.has(d))) {
    hours += rule.holiday_extension_hours;
    extendedFor.push('holiday');
  }
  return { dueAt: new Date(recoveredAt.getTime() + hours * HOUR_MS), hours, extendedFor };
}

/** The jurisdiction whose duties apply in a region: the subdivision's own set wins outright, else the country's default. */
export function jurisdictionFor<J extends Pick<Jurisdiction, 'code'>>(jurisdictions: readonly J[], region: string): J | null {
  const country = region.split('-')[0]!;
  return jurisdictions.find((j) => j.code === region) ?? jurisdictions.find((j) => j.code === country) ?? null;
}

const JURISDICTION_CODE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** Rules a DTO decorator cannot express: codes, zones, dates, one row per duty, a deadline on each timed duty only. */
export function validateJurisdictions(jurisdictions: readonly Jurisdiction[]): FieldError[] {
  const errors: FieldError[] = [];
  const codes = new Map<string, number>();
  jurisdictions.forEach((j, i) => {
    const at = `jurisdictions[${i}]`;
    if (!JURISDICTION_CODE.test(j.code)) errors.push({ field: `${at}.code`, message: 'must be a country (US) or an ISO 3166-2 subdivision (US-CA)' });
    const first = codes.get(j.code);
    if (first !== undefined) errors.push({ field: `${at}.code`, message: `repeats jurisdictions[${first}]` });
    else codes.set(j.code, i);
    if (!isTimeZone(j.time_zone)) errors.push({ field: `${at}.time_zone`, message: 'must be an IANA time zone (America/Los_Angeles)' });
    j.holidays.forEach((h, k) => {
      if (!isCalendarDate(h.date)) errors.push({ field: `${at}.holidays[${k}].date`, message: 'must be a calendar date (YYYY-MM-DD)' });
    });
    const duties = new Map<string, number>();
    j.duties.forEach((d, k) => {
      const field = `${at}.duties[${k}]`;
      const seen = duties.get(d.duty);
      if (seen !== undefined) errors.push({ field: `${field}.duty`, message: `repeats duties[${seen}]` });
      else duties.set(d.duty, k);
      const timed = d.duty !== 'personal_effects_release';
      if (timed && d.within_hours === null) errors.push({ field: `${field}.within_hours`, message: `${d.duty} needs a deadline in hours` });
      if (!timed && d.within_hours !== null) errors.push({ field: `${field}.within_hours`, message: 'the release of personal effects has no deadline; leave it null' });
    });
  });
  return errors;
}
