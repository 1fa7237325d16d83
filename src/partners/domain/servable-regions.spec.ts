import type { Credential } from './credential';
import { CredentialRequirement, mayServe } from './eligibility';
import type { ServiceArea } from './region';
import { mayServeRegion, NO_REGIONS, servableRegions, ServableInput } from './servable-regions';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const ON = '2025-06-15';

const REQUIREMENTS: readonly CredentialRequirement[] = [
  { capability: 'repossession', region: '*', credential_type: 'general_liability', min_coverage: usd(50_000_000) },
  { capability: 'repossession', region: 'US', credential_type: 'on_hook', min_coverage: usd(5_000_000) },
  { capability: 'repossession', region: 'US-CA', credential_type: 'repossession_licence' },
  { capability: 'soft_collection', region: 'US-TX', credential_type: 'collection_licence' },
  { capability: 'transport', region: 'CN', credential_type: 'general_liability' },
];

const credential = (id: string, type: Credential['type'], region: string, overrides: Partial<Credential> = {}): Credential => ({
  id,
  kind: type.endsWith('licence') ? 'licence' : 'insurance',
  type,
  issuing_region: region,
  effective_on: '2025-01-01',
  expires_on: '2025-12-31',
  ...(type.endsWith('licence') ? {} : { coverage: usd(100_000_000) }),
  ...overrides,
});

const AREAS: Record<string, readonly ServiceArea[]> = {
  'two states': [{ region: 'US-CA' }, { region: 'US-TX' }],
  'the whole US': [{ region: 'US' }],
  'the US and one Chinese province': [{ region: 'US' }, { region: 'CN-GD' }],
  'China only': [{ region: 'CN' }],
  'postcodes only (never covers a bare region)': [{ region: 'US-TX', postal_prefixes: ['75'] }],
  'a radius and a whole state': [{ region: 'US-NV', centre: { lat: 36.1, lng: -115.1 }, radius_km: 50 }, { region: 'US-AZ' }],
  none: [],
};

const CREDENTIALS: Record<string, readonly Credential[]> = {
  none: [],
  'US-wide insurance': [credential('gl', 'general_liability', 'US'), credential('hook', 'on_hook', 'US')],
  'insurance, a CA licence and a TX collection licence': [
    credential('gl', 'general_liability', 'US'),
    credential('hook', 'on_hook', 'US'),
    credential('lic', 'repossession_licence', 'US-CA'),
    credential('col', 'collection_licence', 'US-TX'),
  ],
  'insurance issued in one state, an expired licence': [
    credential('gl', 'general_liability', 'US-AZ'),
    credential('hook', 'on_hook', 'US-AZ'),
    credential('lic', 'repossession_licence', 'US-CA', { expires_on: '2025-06-14' }),
  ],
  'under-insured': [credential('gl', 'general_liability', 'US', { coverage: usd(1) }), credential('hook', 'on_hook', 'US')],
  'Chinese insurance': [credential('gl', 'general_liability', 'CN')],
};

/** Named and unnamed subdivisions, countries named and not. */
const REGIONS = ['US', 'US-CA', 'US-TX', 'US-NV', 'US-AZ', 'US-OH', 'US-ZZZ', 'CN', 'CN-GD', 'CN-SH', 'MX', 'MX-JAL', 'GB-LND'];

describe('servableRegions: the same answer as mayServe, for every region', () => {
  const cases = Object.entries(AREAS).flatMap(([areas, serviceAreas]) =>
    Object.entries(CREDENTIALS).flatMap(([held, credentials]) =>
      (['approved', 'suspended'] as const).map((status) => [`${areas}; ${held}; ${status}`, { serviceAreas, credentials, status }] as const),
    ),
  );

  it.each(cases)('%s', (_name, { serviceAreas, credentials, status }) => {
    const input: ServableInput = {
      partner: { status, capabilities: ['repossession', 'soft_collection', 'transport'], service_areas: serviceAreas },
      credentials,
      requirements: REQUIREMENTS,
      on: ON,
    };
    const servable = servableRegions(input);
    for (const capability of ['repossession', 'soft_collection', 'transport', 'storage'] as const) {
      for (const region of REGIONS) {
        const expected = mayServe({ ...input, capability, region }).eligible;
        expect({ capability, region, servable: mayServeRegion(servable, capability, region) }).toEqual({ capability, region, servable: expected });
      }
    }
  });

  it('answers the named regions one by one and each country once', () => {
    const servable = servableRegions({
      partner: { status: 'approved', capabilities: ['repossession'], service_areas: [{ region: 'US' }] },
      credentials: CREDENTIALS['insurance, a CA licence and a TX collection licence']!,
      requirements: REQUIREMENTS,
      on: ON,
    });
    expect([...servable.pairs].sort()).toEqual(['repossession|US', 'repossession|US-CA', 'repossession|US-TX']);
    expect(servable.countries).toEqual(['repossession|US']);
    expect([...servable.named].sort()).toEqual(['CN', 'US', 'US-CA', 'US-TX']);
  });

  it('serves nothing without a profile answer', () => {
    expect(mayServeRegion(NO_REGIONS, 'repossession', 'US-TX')).toBe(false);
  });
});
