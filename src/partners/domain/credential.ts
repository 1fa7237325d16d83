import type { Money } from '../../common/money/money';
import { assertCalendarDate, CalendarDate } from '../../common/calendar/calendar-date';
import type { RegionCode } from './region';
import type { VettingReason } from './vetting-reason';

/** DESIGN §3: licences (type, number, issuing region, expires_on) and insurance (kind, coverage). */
export const LICENCE_TYPES = ['repossession_licence', 'collection_licence', 'dealer_licence'] as const;
export const INSURANCE_TYPES = ['general_liability', 'garage_keepers', 'on_hook', 'surety_bond'] as const;
export const CREDENTIAL_TYPES = [...LICENCE_TYPES, ...INSURANCE_TYPES] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];
export type CredentialKind = 'licence' | 'insurance';

/** How reasons and e-mails name a credential type. */
export const CREDENTIAL_LABELS: Readonly<Record<CredentialType, string>> = {
  repossession_licence: 'repossession licence',
  collection_licence: 'collection licence',
  dealer_licence: 'dealer licence',
  general_liability: 'general liability insurance',
  garage_keepers: 'garage keepers insurance',
  on_hook: 'on-hook insurance',
  surety_bond: 'surety bond',
};

/**
 * `active` unless the issuer or the platform has withdrawn it: a licensing board suspends or
 * revokes a licence, an insurer cancels a policy before its end date. Absent means active.
 */
export type CredentialStatus = 'active' | 'suspended' | 'revoked';

export interface Credential {
  readonly id: string;
  readonly kind: CredentialKind;
  readonly type: CredentialType;
  readonly issuing_region: RegionCode;
  /** Insurance limit or bond amount, in minor units. */
  readonly coverage?: Money;
  readonly effective_on: CalendarDate;
  /** Inclusive: a credential expiring on 2025-06-30 is valid through that whole day. */
  readonly expires_on: CalendarDate;
  readonly status?: CredentialStatus;
}

/**
 * What is wrong with a credential on a given day, regardless of region or amount: withdrawn, not
 * yet in force, or expired. `expires_on` is the last valid day, as printed on US licences and
 * insurance certificates ("expires 06/30/2025" means valid through June 30).
 */
export function credentialDateReasons(credential: Credential, on: CalendarDate): readonly VettingReason[] {
  assertCalendarDate(on, 'on');
  const { type } = credential;
  const name = `${CREDENTIAL_LABELS[type]} ${credential.id}`;
  const reasons: VettingReason[] = [];
  const status = credential.status ?? 'active';
  if (status !== 'active') {
    reasons.push({ code: 'credential.not_active', message: `${name} is ${status}`, credential_type: type });
  }
  if (assertCalendarDate(credential.effective_on, 'effective_on') > on) {
    reasons.push({ code: 'credential.not_yet_effective', message: `${name} takes effect on ${credential.effective_on}`, credential_type: type });
  }
  if (assertCalendarDate(credential.expires_on, 'expires_on') < on) {
    reasons.push({ code: 'credential.expired', message: `${name} expired on ${credential.expires_on}`, credential_type: type });
  }
  return reasons;
}

/**
 * The reasons none of several credentials of one type qualifies, or none when one does. The one
 * closest to qualifying speaks (fewest reasons, then the latest expiry): a partner holding last
 * year's expired policy and this year's under-insured one hears about the cover, not about a
 * policy it has already replaced.
 */
export function closestCandidateReasons(
  evaluated: readonly { readonly credential: Credential; readonly reasons: readonly VettingReason[] }[],
): readonly VettingReason[] {
  const [closest] = [...evaluated].sort(
    (a, b) => a.reasons.length - b.reasons.length || b.credential.expires_on.localeCompare(a.credential.expires_on),
  );
  return closest?.reasons ?? [];
}

export function missingCredential(type: CredentialType, detail: string): VettingReason {
  return { code: 'credential.missing', message: `${CREDENTIAL_LABELS[type]}${detail} is required`, credential_type: type };
}
