import type { Credential } from './credential';
import { CredentialRequirement, EligibilityInput, mayServe, resolveRequirements } from './eligibility';
import type { VettingReasonCode } from './vetting-reason';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const ON = '2025-06-15';

const REQUIREMENTS: readonly CredentialRequirement[] = [
  { capability: 'repossession', region: '*', credential_type: 'general_liability', min_coverage: usd(50_000_000) },
  { capability: 'repossession', region: 'US', credential_type: 'general_liability', min_coverage: usd(100_000_000) },
  { capability: 'repossession', region: 'US', credential_type: 'on_hook', min_coverage: usd(5_000_000) },
  { capability: 'repossession', region: 'US-CA', credential_type: 'repossession_licence' },
  { capability: 'repossession', region: 'US-CA', credential_type: 'on_hook', min_coverage: usd(10_000_000) },
  { capability: 'transport', region: '*', credential_type: 'on_hook', min_coverage: usd(5_000_000) },
  { capability: 'soft_collection', region: 'US-TX', credential_type: 'collection_licence' },
];

const licence: Credential = {
  id: 'lic-ca',
  kind: 'licence',
  type: 'repossession_licence',
  issuing_region: 'US-CA',
  effective_on: '2024-07-01',
  expires_on: '2026-06-30',
};
const onHook: Credential = {
  id: 'ins-hook',
  kind: 'insurance',
  type: 'on_hook',
  issuing_region: 'US',
  coverage: usd(25_000_000),
  effective_on: '2025-01-01',
  expires_on: '2025-12-31',
};

function input(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    partner: { status: 'approved', capabilities: ['repossession', 'transport'], service_areas: [{ region: 'US-CA' }, { region: 'US-TX' }] },
    credentials: [licence, onHook],
    requirements: REQUIREMENTS,
    capability: 'repossession',
    region: 'US-CA',
    on: ON,
    ...overrides,
  };
}

const codes = (result: ReturnType<typeof mayServe>): readonly VettingReasonCode[] =>
  result.eligible ? [] : result.reasons.map((r) => r.code);

describe('resolveRequirements: the most specific set wins', () => {
  it.each([
    ['exact region', 'repossession', 'US-CA', ['repossession_licence', 'on_hook']],
    ['country', 'repossession', 'US-TX', ['general_liability', 'on_hook']],
    ['country-level work', 'repossession', 'US', ['general_liability', 'on_hook']],
    ['wildcard', 'repossession', 'CN-GD', ['general_liability']],
    ['wildcard only', 'transport', 'US-CA', ['on_hook']],
    ['exact region rule elsewhere does not apply', 'soft_collection', 'US-CA', []],
    ['exact region rule', 'soft_collection', 'US-TX', ['collection_licence']],
    ['no rows for the capability', 'storage', 'US-CA', []],
  ] as const)('%s: %s in %s', (_name, capability, region, types) => {
    expect(resolveRequirements(REQUIREMENTS, capability, region).map((r) => r.credential_type)).toEqual(types);
  });
});

describe('mayServe', () => {
  it('accepts an approved, capable, covering partner with valid credentials', () => {
    expect(mayServe(input())).toEqual({ eligible: true });
  });

  it.each<[string, Partial<EligibilityInput>, readonly VettingReasonCode[]]>([
    ['not approved', { partner: { ...input().partner, status: 'suspended' } }, ['partner.not_approved']],
    ['under review', { partner: { ...input().partner, status: 'under_review' } }, ['partner.not_approved']],
    ['capability missing', { partner: { ...input().partner, capabilities: ['transport'] } }, ['partner.capability_missing']],
    ['region not covered', { partner: { ...input().partner, service_areas: [{ region: 'US-TX' }] } }, ['partner.region_not_covered']],
    ['credential missing', { credentials: [onHook] }, ['credential.missing']],
    ['no credentials at all', { credentials: [] }, ['credential.missing', 'credential.missing']],
    ['expired the day before', { credentials: [licence, { ...onHook, expires_on: '2025-06-14' }] }, ['credential.expired']],
    ['not yet effective', { credentials: [{ ...licence, effective_on: '2025-06-16' }, onHook] }, ['credential.not_yet_effective']],
    ['insufficient coverage', { credentials: [licence, { ...onHook, coverage: usd(9_999_999) }] }, ['credential.insufficient_coverage']],
    ['coverage in another currency', { credentials: [licence, { ...onHook, coverage: { amount: 900_000_000, currency: 'EUR' } }] }, ['credential.insufficient_coverage']],
    ['coverage not recorded', { credentials: [licence, { ...onHook, coverage: undefined }] }, ['credential.insufficient_coverage']],
    ['licence from another state', { credentials: [{ ...licence, issuing_region: 'US-TX' }, onHook] }, ['credential.wrong_region']],
    ['licence revoked by the issuer', { credentials: [{ ...licence, status: 'revoked' }, onHook] }, ['credential.not_active']],
    ['insurance suspended', { credentials: [licence, { ...onHook, status: 'suspended' }] }, ['credential.not_active']],
  ])('%s', (_name, overrides, expected) => {
    expect(codes(mayServe(input(overrides)))).toEqual(expected);
  });

  it('collects every reason instead of stopping at the first', () => {
    const result = mayServe(
      input({
        partner: { status: 'applied', capabilities: ['transport'], service_areas: [{ region: 'US-TX' }] },
        credentials: [{ ...licence, issuing_region: 'US-NV', expires_on: '2025-01-31' }],
      }),
    );
    expect(codes(result)).toEqual([
      'partner.not_approved',
      'partner.capability_missing',
      'partner.region_not_covered',
      'credential.expired',
      'credential.wrong_region',
      'credential.missing',
    ]);
  });

  it.each([
    ['on the expiry date (inclusive)', '2025-12-31', true],
    ['the day after the expiry date', '2026-01-01', false],
    ['on the effective date', '2025-01-01', true],
    ['the day before the effective date', '2024-12-31', false],
  ])('the insurance is valid %s: %s → %s', (_name, on, eligible) => {
    expect(mayServe(input({ on })).eligible).toBe(eligible);
  });

  it('accepts coverage exactly at the minimum', () => {
    expect(mayServe(input({ credentials: [licence, { ...onHook, coverage: usd(10_000_000) }] }))).toEqual({ eligible: true });
  });

  it('explains coverage refusals in words, naming the currencies', () => {
    const low = mayServe(input({ credentials: [licence, { ...onHook, coverage: usd(9_999_999) }] }));
    expect(low).toMatchObject({
      reasons: [{ credential_type: 'on_hook', message: 'on-hook insurance ins-hook covers USD 99,999.99, below the required USD 100,000.00' }],
    });
    const eur = mayServe(input({ credentials: [licence, { ...onHook, coverage: { amount: 900_000_000, currency: 'EUR' } }] }));
    expect(eur).toMatchObject({ reasons: [{ message: expect.stringMatching(/in EUR .* USD 100,000.00; a different currency does not satisfy/) }] });
  });

  it('names the missing credential and the amount required', () => {
    expect(mayServe(input({ credentials: [licence] }))).toEqual({
      eligible: false,
      reasons: [
        { code: 'credential.missing', credential_type: 'on_hook', message: 'on-hook insurance of at least USD 100,000.00 valid in US-CA is required' },
      ],
    });
  });

  it('accepts a credential issued for the whole country', () => {
    expect(mayServe(input({ credentials: [{ ...licence, issuing_region: 'US' }, onHook] }))).toEqual({ eligible: true });
  });

  it('is satisfied by any one qualifying credential of the type', () => {
    const expired = { ...onHook, id: 'old-hook', effective_on: '2024-01-01', expires_on: '2024-12-31' };
    expect(mayServe(input({ credentials: [expired, licence, onHook] }))).toEqual({ eligible: true });
  });

  it('reports the credential closest to qualifying when none does', () => {
    const lastYear = { ...onHook, id: 'old-hook', effective_on: '2024-01-01', expires_on: '2024-12-31' };
    const underInsured = { ...onHook, coverage: usd(1_000_000) };
    expect(codes(mayServe(input({ credentials: [lastYear, licence, underInsured] })))).toEqual(['credential.insufficient_coverage']);
    const renewalNotStarted = { ...onHook, id: 'next-hook', effective_on: '2025-07-01', expires_on: '2026-06-30' };
    const result = mayServe(input({ credentials: [lastYear, licence, renewalNotStarted] }));
    expect(result).toMatchObject({ reasons: [{ code: 'credential.not_yet_effective', message: expect.stringContaining('next-hook') }] });
  });

  it('checks the region of the work, not only the requirement row, for wildcard rules', () => {
    const gl: Credential = { ...onHook, id: 'gl', type: 'general_liability', issuing_region: 'US', coverage: usd(60_000_000) };
    const china = input({
      partner: { status: 'approved', capabilities: ['repossession'], service_areas: [{ region: 'CN' }] },
      region: 'CN-GD',
      credentials: [gl],
    });
    expect(codes(mayServe(china))).toEqual(['credential.wrong_region']);
    expect(mayServe({ ...china, credentials: [{ ...gl, issuing_region: 'CN' }] })).toEqual({ eligible: true });
  });

  it('narrows by postal code and position when the work gives them', () => {
    const houston = { status: 'approved' as const, capabilities: ['transport' as const], service_areas: [{ region: 'US-TX', postal_prefixes: ['770'] }] };
    const transport = input({ partner: houston, capability: 'transport', region: 'US-TX' });
    expect(mayServe({ ...transport, postal_code: '77002' })).toEqual({ eligible: true });
    expect(mayServe({ ...transport, postal_code: '75201' })).toMatchObject({
      reasons: [{ code: 'partner.region_not_covered', message: 'no service area of the partner covers US-TX 75201' }],
    });
  });

  it('refuses a malformed date rather than guessing', () => {
    expect(() => mayServe(input({ on: '2025-02-30' }))).toThrow(RangeError);
    expect(() => mayServe(input({ credentials: [{ ...licence, expires_on: '30/06/2026' }, onHook] }))).toThrow(/expires_on/);
  });
});
