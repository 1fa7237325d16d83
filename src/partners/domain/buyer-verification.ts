import { assertCalendarDate, CalendarDate } from '../../common/calendar/calendar-date';
import { closestCandidateReasons, Credential, credentialDateReasons, missingCredential } from './credential';
import { VettingReason, VettingResult, vettingResult } from './vetting-reason';

/** DESIGN §1: buyers are dealers, wholesalers and individuals. */
export const BUYER_TYPES = ['dealer', 'wholesaler', 'individual'] as const;
export type BuyerType = (typeof BUYER_TYPES)[number];

/** A platform admin checked an individual's identity documents (DESIGN §1: platform admins vet). */
export interface IdentityVerification {
  /** The admin user who recorded it. */
  readonly verified_by: string;
  readonly verified_on: CalendarDate;
}

export interface BuyerForVerification {
  readonly buyer_type: BuyerType;
  readonly credentials: readonly Credential[];
  readonly identity_verification?: IdentityVerification | null;
}

/**
 * Whether a buyer is verified on `on` (DESIGN §3, §7). Dealers and wholesalers need a dealer
 * licence in force: wholesalers trade under a dealer licence in US states, and dealer-only sales
 * are the reason repossessed vehicles go through dealer auctions. The licence's region is not
 * matched to the lot's, since licensed dealers buy across state lines. Individuals need an identity
 * check recorded by an admin. The deposit or credit line needed to bid is a separate check (§7).
 */
export function verifyBuyer(buyer: BuyerForVerification, on: CalendarDate): VettingResult {
  assertCalendarDate(on, 'on');
  if (buyer.buyer_type === 'individual') return vettingResult(identityReasons(buyer.identity_verification, on));

  const evaluated = buyer.credentials
    .filter((c) => c.type === 'dealer_licence')
    .map((credential) => ({ credential, reasons: credentialDateReasons(credential, on) }));
  if (evaluated.length === 0) return vettingResult([missingCredential('dealer_licence', ` for a ${buyer.buyer_type}`)]);
  return vettingResult(closestCandidateReasons(evaluated));
}

function identityReasons(verification: IdentityVerification | null | undefined, on: CalendarDate): readonly VettingReason[] {
  if (!verification || verification.verified_by.trim() === '') {
    return [{ code: 'buyer.identity_unverified', message: 'an individual buyer needs an identity check recorded by a platform admin' }];
  }
  if (assertCalendarDate(verification.verified_on, 'verified_on') > on) {
    return [{ code: 'buyer.identity_unverified', message: `the identity check is recorded for ${verification.verified_on}` }];
  }
  return [];
}
