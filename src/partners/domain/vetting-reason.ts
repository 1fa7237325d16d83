/**
 * Why a partner may not serve, or a buyer may not bid: every check's refusal, collected rather than
 * stopping at the first, so one answer tells the partner everything to fix (DESIGN §3).
 */
export type VettingReasonCode =
  | 'partner.not_approved'
  | 'partner.capability_missing'
  | 'partner.region_not_covered'
  | 'credential.missing'
  | 'credential.not_active'
  | 'credential.not_yet_effective'
  | 'credential.expired'
  | 'credential.wrong_region'
  | 'credential.insufficient_coverage'
  | 'buyer.identity_unverified';

export interface VettingReason {
  readonly code: VettingReasonCode;
  readonly message: string;
  /** Set on `credential.*` reasons so a client can point at the document to renew or upload. */
  readonly credential_type?: string;
}

export type VettingResult = { readonly eligible: true } | { readonly eligible: false; readonly reasons: readonly VettingReason[] };

export function vettingResult(reasons: readonly VettingReason[]): VettingResult {
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}
