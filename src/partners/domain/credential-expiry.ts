import { addDays, assertCalendarDate, CalendarDate, daysBetween } from '../../common/calendar/calendar-date';
import type { Credential, CredentialType } from './credential';
import { Capability, credentialReasons, CredentialRequirement, resolveRequirements } from './eligibility';
import { regionCovers, ServiceArea } from './region';

/**
 * DESIGN §3 asks for a warning 30 days before expiry. Reminders at 7 days and 1 day are added
 * because a single notice a month ahead is easy to lose, and insurers and licensing boards
 * remind the same way; a lapse suspends the partner, so the last reminders are cheap insurance.
 */
export const EXPIRY_WARNING_THRESHOLDS_DAYS: readonly number[] = [30, 7, 1];

export interface ExpiryWarning {
  readonly credential_id: string;
  readonly credential_type: CredentialType;
  readonly expires_on: CalendarDate;
  readonly days_left: number;
  /** The caller sends each (credential_id, threshold_days) once. */
  readonly threshold_days: number;
}

const isActive = (c: Credential) => (c.status ?? 'active') === 'active';

/** A renewal already on file: same type, same or wider region, in force from the day after, lasting longer. */
function isSuperseded(credential: Credential, all: readonly Credential[]): boolean {
  const dayAfter = addDays(credential.expires_on, 1);
  return all.some(
    (other) =>
      other.id !== credential.id &&
      isActive(other) &&
      other.type === credential.type &&
      regionCovers(other.issuing_region, credential.issuing_region) &&
      other.effective_on <= dayAfter &&
      other.expires_on > credential.expires_on,
  );
}

/**
 * Expiry warnings due on `on`, at most one per credential: the smallest threshold already reached.
 * A credential uploaded 5 days before it expires gets the 7-day warning only, not a stale 30-day
 * one as well, and a daily run that missed days catches up with the warning that still matters.
 * Withdrawn, already-expired and already-renewed credentials get none.
 */
export function dueExpiryWarnings(
  credentials: readonly Credential[],
  on: CalendarDate,
  thresholdsDays: readonly number[] = EXPIRY_WARNING_THRESHOLDS_DAYS,
): readonly ExpiryWarning[] {
  assertCalendarDate(on, 'on');
  if (thresholdsDays.some((t) => !Number.isInteger(t) || t < 0)) throw new RangeError('thresholds must be whole days, 0 or more');
  const ascending = [...thresholdsDays].sort((a, b) => a - b);
  const warnings: ExpiryWarning[] = [];
  for (const credential of credentials) {
    if (!isActive(credential)) continue;
    const daysLeft = daysBetween(on, credential.expires_on);
    const threshold = ascending.find((t) => daysLeft <= t);
    if (daysLeft < 0 || threshold === undefined || isSuperseded(credential, credentials)) continue;
    warnings.push({
      credential_id: credential.id,
      credential_type: credential.type,
      expires_on: credential.expires_on,
      days_left: daysLeft,
      threshold_days: threshold,
    });
  }
  return warnings;
}

export interface CredentialLapse {
  readonly credential_id: string;
  readonly credential_type: CredentialType;
  readonly expires_on: CalendarDate;
  /** The reason recorded with the suspension (DESIGN §3: every status change has a reason). */
  readonly reason: `credential_expired: ${CredentialType}`;
}

export interface LapseInput {
  readonly partner: { readonly capabilities: readonly Capability[]; readonly service_areas: readonly ServiceArea[] };
  readonly credentials: readonly Credential[];
  readonly requirements: readonly CredentialRequirement[];
  readonly on: CalendarDate;
}

/**
 * Required credentials that have lapsed (DESIGN §3: the partner is suspended the day one lapses).
 * Required means: in the requirement set of a capability the partner offers, in a region it serves.
 * A lapse is a requirement no credential meets today while one would, but for having expired
 * (`expires_on` < `on`). A requirement the partner never met (a new rule, too little cover) is not a
 * lapse; `mayServe` already keeps such a partner off that work without suspending it everywhere.
 */
export function lapsedRequiredCredentials(input: LapseInput): readonly CredentialLapse[] {
  const { partner, credentials, requirements, on } = input;
  assertCalendarDate(on, 'on');
  const lapses = new Map<string, CredentialLapse>();
  for (const capability of partner.capabilities) {
    for (const { region } of partner.service_areas) {
      for (const requirement of resolveRequirements(requirements, capability, region)) {
        const candidates = credentials
          .filter((c) => c.type === requirement.credential_type)
          .map((c) => ({ c, reasons: credentialReasons(c, requirement, region, on) }));
        if (candidates.some(({ reasons }) => reasons.length === 0)) continue;
        const expiredOnly = candidates
          .filter(({ reasons }) => reasons.length === 1 && reasons[0].code === 'credential.expired')
          .map(({ c }) => c)
          .sort((a, b) => b.expires_on.localeCompare(a.expires_on))[0];
        if (expiredOnly && !lapses.has(expiredOnly.id)) {
          lapses.set(expiredOnly.id, {
            credential_id: expiredOnly.id,
            credential_type: expiredOnly.type,
            expires_on: expiredOnly.expires_on,
            reason: `credential_expired: ${expiredOnly.type}`,
          });
        }
      }
    }
  }
  return [...lapses.values()];
}

/** One suspension reason for all lapses, each type named once: `credential_expired: on_hook, credential_expired: …`. */
export function suspensionReason(lapses: readonly CredentialLapse[]): string | null {
  const reasons = [...new Set(lapses.map((l) => l.reason))];
  return reasons.length === 0 ? null : reasons.join(', ');
}
