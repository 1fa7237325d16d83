import type { Money } from '../../common/money/money';
import { assertCalendarDate, CalendarDate } from '../../common/calendar/calendar-date';
import { closestCandidateReasons, Credential, CREDENTIAL_LABELS, credentialDateReasons, CredentialType, missingCredential } from './credential';
import { formatMoney } from '../../common/money/money-text';
import type { PartnerStatus } from './partner-status';
import { areasCover, countryOf, GeoPoint, RegionCode, regionCovers, ServiceArea } from './region';
import { VettingReason, VettingResult, vettingResult } from './vetting-reason';

/** DESIGN §3 capabilities. */
export const CAPABILITIES = ['soft_collection', 'field_visit', 'skip_trace', 'repossession', 'transport', 'storage', 'legal'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * One row of the platform-edited requirements table (DESIGN §3): to do `capability` in `region`,
 * hold a `credential_type`, with at least `min_coverage` where set. `region` is an exact region,
 * a country, or `*` for everywhere.
 */
export interface CredentialRequirement {
  readonly capability: Capability;
  readonly region: RegionCode | '*';
  readonly credential_type: CredentialType;
  readonly min_coverage?: Money;
}

export interface PartnerForEligibility {
  readonly status: PartnerStatus;
  readonly capabilities: readonly Capability[];
  readonly service_areas: readonly ServiceArea[];
}

export interface EligibilityInput {
  readonly partner: PartnerForEligibility;
  readonly credentials: readonly Credential[];
  readonly requirements: readonly CredentialRequirement[];
  readonly capability: Capability;
  /** Where the work is; postal code and position narrow it when known (see `areaCovers`). */
  readonly region: RegionCode;
  readonly postal_code?: string;
  readonly position?: GeoPoint;
  readonly on: CalendarDate;
}

function specificity(requirementRegion: RegionCode | '*', region: RegionCode): number {
  if (requirementRegion === region) return 2;
  if (requirementRegion === countryOf(region)) return 1;
  return requirementRegion === '*' ? 0 : -1;
}

/**
 * The requirement set for a capability in a region: the most specific set wins outright
 * (exact region, else the country, else `*`); sets are not merged. The platform writes the whole
 * rule for a region where it differs, so a state can relax a national rule as well as tighten it
 * (e.g. `US-CA` repossession: a repossession licence and on-hook insurance of at least X, where
 * `*` asks only for general liability).
 */
export function resolveRequirements(
  requirements: readonly CredentialRequirement[],
  capability: Capability,
  region: RegionCode,
): readonly CredentialRequirement[] {
  const scored = requirements
    .filter((r) => r.capability === capability)
    .map((r) => ({ r, score: specificity(r.region, region) }))
    .filter(({ score }) => score >= 0);
  const best = Math.max(-1, ...scored.map(({ score }) => score));
  return scored.filter(({ score }) => score === best).map(({ r }) => r);
}

function coverageReason(credential: Credential, min: Money): VettingReason | null {
  const { type, coverage } = credential;
  const name = `${CREDENTIAL_LABELS[type]} ${credential.id}`;
  const required = formatMoney(min);
  if (coverage === undefined) {
    return { code: 'credential.insufficient_coverage', message: `${name} records no coverage amount; ${required} is required`, credential_type: type };
  }
  if (coverage.currency !== min.currency) {
    // DESIGN §2: amounts in different currencies are never compared or converted.
    return {
      code: 'credential.insufficient_coverage',
      message: `${name} is covered in ${coverage.currency} but the requirement is ${required}; a different currency does not satisfy it`,
      credential_type: type,
    };
  }
  if (coverage.amount < min.amount) {
    return {
      code: 'credential.insufficient_coverage',
      message: `${name} covers ${formatMoney(coverage)}, below the required ${required}`,
      credential_type: type,
    };
  }
  return null;
}

/** Everything that stops one credential from meeting one requirement for work in `region` on `on`. */
export function credentialReasons(
  credential: Credential,
  requirement: CredentialRequirement,
  region: RegionCode,
  on: CalendarDate,
): readonly VettingReason[] {
  const reasons = [...credentialDateReasons(credential, on)];
  const { type } = credential;
  if (!regionCovers(credential.issuing_region, region)) {
    reasons.push({
      code: 'credential.wrong_region',
      message: `${CREDENTIAL_LABELS[type]} ${credential.id} is issued for ${credential.issuing_region}, not valid in ${region}`,
      credential_type: type,
    });
  }
  const coverage = requirement.min_coverage === undefined ? null : coverageReason(credential, requirement.min_coverage);
  if (coverage) reasons.push(coverage);
  return reasons;
}

function requirementReasons(
  requirement: CredentialRequirement,
  credentials: readonly Credential[],
  region: RegionCode,
  on: CalendarDate,
): readonly VettingReason[] {
  const { credential_type: type, min_coverage: min } = requirement;
  const evaluated = credentials
    .filter((c) => c.type === type)
    .map((credential) => ({ credential, reasons: credentialReasons(credential, requirement, region, on) }));
  if (evaluated.length === 0) {
    return [missingCredential(type, `${min ? ` of at least ${formatMoney(min)}` : ''} valid in ${region}`)];
  }
  return closestCandidateReasons(evaluated);
}

/**
 * Whether a partner may bid for or be assigned work (DESIGN §3: only an approved partner whose
 * required credentials are valid for the region). Every refusal is collected, never just the first.
 */
export function mayServe(input: EligibilityInput): VettingResult {
  const { partner, capability, region, on } = input;
  assertCalendarDate(on, 'on');
  const reasons: VettingReason[] = [];
  if (partner.status !== 'approved') {
    reasons.push({ code: 'partner.not_approved', message: `partner is ${partner.status}, not approved` });
  }
  if (!partner.capabilities.includes(capability)) {
    reasons.push({ code: 'partner.capability_missing', message: `partner does not offer ${capability}` });
  }
  if (!areasCover(partner.service_areas, { region, postal_code: input.postal_code, position: input.position })) {
    const where = [region, input.postal_code].filter(Boolean).join(' ');
    reasons.push({ code: 'partner.region_not_covered', message: `no service area of the partner covers ${where}` });
  }
  for (const requirement of resolveRequirements(input.requirements, capability, region)) {
    reasons.push(...requirementReasons(requirement, input.credentials, region, on));
  }
  return vettingResult(reasons);
}
