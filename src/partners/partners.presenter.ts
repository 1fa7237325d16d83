import type { Money } from '../common/money/money';
import type { Credential } from './domain/credential';
import type { CredentialRequirement } from './domain/eligibility';
import type { CredentialRequirementRow } from './credential-requirement.entity';
import type { PartnerCredential } from './partner-credential.entity';
import type { PartnerProfile } from './partner-profile.entity';
import type { StorageYard } from './storage-yard.entity';
import type { VettingHistoryEntry } from './vetting-history.entity';

const moneyOf = (amount: number | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount, currency: currency.trim() };

export function toDomainCredential(row: PartnerCredential): Credential {
  const coverage = moneyOf(row.coverageAmount, row.coverageCurrency);
  return {
    id: row.id,
    kind: row.kind,
    type: row.type,
    issuing_region: row.issuingRegion,
    ...(coverage ? { coverage } : {}),
    effective_on: row.effectiveOn,
    expires_on: row.expiresOn,
    status: row.status,
  };
}

export function toDomainRequirement(row: CredentialRequirementRow): CredentialRequirement {
  const min = moneyOf(row.minCoverageAmount, row.minCoverageCurrency);
  return { capability: row.capability, region: row.region, credential_type: row.credentialType, ...(min ? { min_coverage: min } : {}) };
}

export function presentRequirement(row: CredentialRequirementRow) {
  return {
    capability: row.capability,
    region: row.region,
    credential_type: row.credentialType,
    min_coverage: moneyOf(row.minCoverageAmount, row.minCoverageCurrency),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * A credential as its owner and the platform see it, with a download link; lenders get the same
 * metadata (including the checksum, so a copy they receive can be checked) but no link to the file.
 */
export function presentCredential(row: PartnerCredential, options: { withDocumentLink: boolean }) {
  return {
    id: row.id,
    kind: row.kind,
    type: row.type,
    number: row.number,
    issuing_region: row.issuingRegion,
    coverage: moneyOf(row.coverageAmount, row.coverageCurrency),
    effective_on: row.effectiveOn,
    expires_on: row.expiresOn,
    status: row.status,
    document: {
      filename: row.documentFilename,
      content_type: row.documentContentType,
      size: row.documentSize,
      sha256: row.documentSha256,
      ...(options.withDocumentLink ? { url: `/v1/partner-profile/credentials/${row.id}/document` } : {}),
    },
    created_at: row.createdAt.toISOString(),
  };
}

export function presentYard(row: StorageYard) {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    capacity: row.capacity,
    daily_rate: { amount: row.dailyRateAmount, currency: row.dailyRateCurrency.trim() },
  };
}

export function presentHistory(row: VettingHistoryEntry) {
  return {
    from_status: row.fromStatus,
    to_status: row.toStatus,
    reason: row.reason,
    actor: row.actorUserId || row.actorApiKeyId ? { org_id: row.actorOrgId, user_id: row.actorUserId, api_key_id: row.actorApiKeyId } : { system: true },
    at: row.createdAt.toISOString(),
  };
}

export interface ProfileParts {
  readonly profile: PartnerProfile;
  readonly orgName: string;
  readonly yards: readonly StorageYard[];
  readonly credentials: readonly PartnerCredential[];
  readonly history?: readonly VettingHistoryEntry[];
}

export function presentProfile(parts: ProfileParts, options: { withDocumentLinks: boolean }) {
  const { profile } = parts;
  return {
    org_id: profile.orgId,
    org_name: parts.orgName,
    kind: profile.orgKind,
    status: profile.status,
    legal_name: profile.legalName,
    registration_number: profile.registrationNumber,
    contacts: profile.contacts,
    capabilities: profile.capabilities,
    service_areas: profile.serviceAreas,
    // Active jobs are counted once jobs exist (issue 5); until then the field is present and empty.
    capacity: { max_concurrent_jobs: profile.maxConcurrentJobs, active_jobs: null },
    storage_yards: parts.yards.map(presentYard),
    buyer_type: profile.buyerType,
    identity_verification:
      profile.identityVerifiedBy && profile.identityVerifiedOn ? { verified_by: profile.identityVerifiedBy, verified_on: profile.identityVerifiedOn } : null,
    credentials: parts.credentials.map((c) => presentCredential(c, { withDocumentLink: options.withDocumentLinks })),
    ...(parts.history ? { vetting_history: parts.history.map(presentHistory) } : {}),
    submitted_at: profile.submittedAt?.toISOString() ?? null,
    status_changed_at: profile.statusChangedAt.toISOString(),
    created_at: profile.createdAt.toISOString(),
    updated_at: profile.updatedAt.toISOString(),
  };
}

/** Scorecard fields lenders will compare on (DESIGN §10); filled by analytics, empty until then. */
export const EMPTY_SCORECARD = {
  jobs_assigned: null,
  jobs_completed: null,
  recovery_rate: null,
  sla_breach_rate: null,
  complaint_rate: null,
  score: null,
} as const;
