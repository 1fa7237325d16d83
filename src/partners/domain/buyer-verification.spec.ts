import { BuyerForVerification, verifyBuyer } from './buyer-verification';
import type { Credential } from './credential';
import type { VettingReasonCode } from './vetting-reason';

const ON = '2025-06-15';
const dealerLicence: Credential = {
  id: 'dl-1',
  kind: 'licence',
  type: 'dealer_licence',
  issuing_region: 'US-TX',
  effective_on: '2024-01-01',
  expires_on: '2025-12-31',
};
const verified = { verified_by: 'admin-7', verified_on: '2025-06-01' };

const codes = (result: ReturnType<typeof verifyBuyer>): readonly VettingReasonCode[] =>
  result.eligible ? [] : result.reasons.map((r) => r.code);

describe('verifyBuyer', () => {
  it.each<[string, BuyerForVerification, readonly VettingReasonCode[]]>([
    ['dealer with a valid licence', { buyer_type: 'dealer', credentials: [dealerLicence] }, []],
    ['wholesaler with a valid licence', { buyer_type: 'wholesaler', credentials: [dealerLicence] }, []],
    ['dealer licence from another state', { buyer_type: 'dealer', credentials: [{ ...dealerLicence, issuing_region: 'US-CA' }] }, []],
    ['dealer without a licence', { buyer_type: 'dealer', credentials: [] }, ['credential.missing']],
    ['dealer with only another credential', { buyer_type: 'dealer', credentials: [{ ...dealerLicence, type: 'collection_licence' }] }, ['credential.missing']],
    ['dealer with an expired licence', { buyer_type: 'dealer', credentials: [{ ...dealerLicence, expires_on: '2025-06-14' }] }, ['credential.expired']],
    ['dealer licence expiring today', { buyer_type: 'dealer', credentials: [{ ...dealerLicence, expires_on: ON }] }, []],
    ['dealer licence not yet effective', { buyer_type: 'dealer', credentials: [{ ...dealerLicence, effective_on: '2025-07-01' }] }, ['credential.not_yet_effective']],
    ['dealer licence revoked', { buyer_type: 'dealer', credentials: [{ ...dealerLicence, status: 'revoked' }] }, ['credential.not_active']],
    ['dealer with an identity check but no licence', { buyer_type: 'dealer', credentials: [], identity_verification: verified }, ['credential.missing']],
    ['individual verified by an admin', { buyer_type: 'individual', credentials: [], identity_verification: verified }, []],
    ['individual verified today', { buyer_type: 'individual', credentials: [], identity_verification: { ...verified, verified_on: ON } }, []],
    ['individual never verified', { buyer_type: 'individual', credentials: [] }, ['buyer.identity_unverified']],
    ['individual with a null record', { buyer_type: 'individual', credentials: [], identity_verification: null }, ['buyer.identity_unverified']],
    ['individual with no admin on the record', { buyer_type: 'individual', credentials: [], identity_verification: { ...verified, verified_by: ' ' } }, ['buyer.identity_unverified']],
    ['individual verified after the date asked about', { buyer_type: 'individual', credentials: [], identity_verification: { ...verified, verified_on: '2025-06-16' } }, ['buyer.identity_unverified']],
    ['individual with a dealer licence but no identity check', { buyer_type: 'individual', credentials: [dealerLicence] }, ['buyer.identity_unverified']],
  ])('%s', (_name, buyer, expected) => {
    expect(codes(verifyBuyer(buyer, ON))).toEqual(expected);
  });

  it('accepts a renewed licence next to the expired one', () => {
    const renewed = { ...dealerLicence, id: 'dl-2', effective_on: '2025-06-01', expires_on: '2027-05-31' };
    expect(verifyBuyer({ buyer_type: 'dealer', credentials: [{ ...dealerLicence, expires_on: '2025-05-31' }, renewed] }, ON)).toEqual({ eligible: true });
  });

  it('names the missing licence in words', () => {
    expect(verifyBuyer({ buyer_type: 'wholesaler', credentials: [] }, ON)).toEqual({
      eligible: false,
      reasons: [{ code: 'credential.missing', credential_type: 'dealer_licence', message: 'dealer licence for a wholesaler is required' }],
    });
  });

  it('refuses a malformed date', () => {
    expect(() => verifyBuyer({ buyer_type: 'dealer', credentials: [dealerLicence] }, '15/06/2025')).toThrow(RangeError);
  });
});
