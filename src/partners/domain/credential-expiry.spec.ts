import type { Credential } from './credential';
import { dueExpiryWarnings, lapsedRequiredCredentials, LapseInput, suspensionReason } from './credential-expiry';
import type { CredentialRequirement } from './eligibility';

const usd = (amount: number) => ({ amount, currency: 'USD' });

const policy: Credential = {
  id: 'hook-2025',
  kind: 'insurance',
  type: 'on_hook',
  issuing_region: 'US',
  coverage: usd(25_000_000),
  effective_on: '2025-01-01',
  expires_on: '2025-12-31',
};
const licence: Credential = {
  id: 'lic-ca',
  kind: 'licence',
  type: 'repossession_licence',
  issuing_region: 'US-CA',
  effective_on: '2024-07-01',
  expires_on: '2026-06-30',
};

describe('dueExpiryWarnings', () => {
  it.each([
    ['2025-11-30', null], // 31 days left
    ['2025-12-01', 30],
    ['2025-12-10', 30],
    ['2025-12-23', 30], // 8 days left
    ['2025-12-24', 7],
    ['2025-12-29', 7],
    ['2025-12-30', 1],
    ['2025-12-31', 1], // last valid day
    ['2026-01-01', null], // lapsed: suspension, not a warning
  ])('on %s the due threshold is %s', (on, threshold) => {
    const warnings = dueExpiryWarnings([policy], on);
    expect(warnings.map((w) => w.threshold_days)).toEqual(threshold === null ? [] : [threshold]);
  });

  it('says which credential, when it expires and how many days are left', () => {
    expect(dueExpiryWarnings([policy, licence], '2025-12-24')).toEqual([
      { credential_id: 'hook-2025', credential_type: 'on_hook', expires_on: '2025-12-31', days_left: 7, threshold_days: 7 },
    ]);
  });

  it('stays quiet when a renewal is already on file', () => {
    const renewal = { ...policy, id: 'hook-2026', effective_on: '2026-01-01', expires_on: '2026-12-31' };
    expect(dueExpiryWarnings([policy, renewal], '2025-12-24')).toEqual([]);
  });

  it.each<[string, Partial<Credential>]>([
    ['leaves a gap of a day', { effective_on: '2026-01-02' }],
    ['is for another type', { type: 'general_liability' }],
    ['is for a narrower region', { issuing_region: 'US-CA' }],
    ['is withdrawn', { status: 'revoked' }],
    ['ends no later', { effective_on: '2025-06-01', expires_on: '2025-12-31' }],
  ])('still warns when the would-be renewal %s', (_name, change) => {
    const renewal: Credential = { ...policy, id: 'hook-2026', effective_on: '2026-01-01', expires_on: '2026-12-31', ...change };
    expect(dueExpiryWarnings([policy, renewal], '2025-12-24').map((w) => w.credential_id)).toContain('hook-2025');
  });

  it('ignores withdrawn credentials', () => {
    expect(dueExpiryWarnings([{ ...policy, status: 'suspended' }], '2025-12-24')).toEqual([]);
  });

  it('takes other thresholds, in any order', () => {
    expect(dueExpiryWarnings([policy], '2025-12-17', [14, 60]).map((w) => w.threshold_days)).toEqual([14]);
    expect(dueExpiryWarnings([policy], '2025-12-31', [30]).map((w) => w.threshold_days)).toEqual([30]);
    expect(() => dueExpiryWarnings([policy], '2025-12-17', [1.5])).toThrow(RangeError);
  });
});

describe('lapsedRequiredCredentials', () => {
  const requirements: readonly CredentialRequirement[] = [
    { capability: 'repossession', region: 'US-CA', credential_type: 'repossession_licence' },
    { capability: 'repossession', region: 'US-CA', credential_type: 'on_hook', min_coverage: usd(10_000_000) },
    { capability: 'repossession', region: 'US', credential_type: 'on_hook', min_coverage: usd(5_000_000) },
    { capability: 'soft_collection', region: '*', credential_type: 'collection_licence' },
  ];
  const base: LapseInput = {
    partner: { capabilities: ['repossession'], service_areas: [{ region: 'US-CA' }, { region: 'US-TX' }] },
    credentials: [policy, licence],
    requirements,
    on: '2025-12-31',
  };

  it('finds nothing while every required credential is valid, through the last day', () => {
    expect(lapsedRequiredCredentials(base)).toEqual([]);
  });

  it('reports a required credential the day after its expiry date, once', () => {
    const lapses = lapsedRequiredCredentials({ ...base, on: '2026-01-01' });
    expect(lapses).toEqual([
      { credential_id: 'hook-2025', credential_type: 'on_hook', expires_on: '2025-12-31', reason: 'credential_expired: on_hook' },
    ]);
    expect(suspensionReason(lapses)).toBe('credential_expired: on_hook');
  });

  it('reports each lapsed type in the reason', () => {
    const lapses = lapsedRequiredCredentials({ ...base, on: '2026-07-01' });
    expect(lapses.map((l) => l.credential_id)).toEqual(['lic-ca', 'hook-2025']);
    expect(suspensionReason(lapses)).toBe('credential_expired: repossession_licence, credential_expired: on_hook');
  });

  it.each<[string, Partial<LapseInput>]>([
    ['a renewal took over', { credentials: [policy, licence, { ...policy, id: 'hook-2026', effective_on: '2026-01-01', expires_on: '2026-12-31' }] }],
    ['the capability needing it is not offered', { partner: { capabilities: ['soft_collection'], service_areas: [{ region: 'US-CA' }] }, credentials: [{ ...policy, type: 'collection_licence', coverage: undefined, expires_on: '2026-12-31' }] }],
    ['the region needing it is not served', { partner: { capabilities: ['repossession'], service_areas: [{ region: 'CN-GD' }] } }],
    ['it was never held (a newly added rule)', { credentials: [licence] }],
    ['it was already short of cover before expiring', { credentials: [licence, { ...policy, coverage: usd(1_000) }] }],
    ['it was already withdrawn', { credentials: [licence, { ...policy, status: 'revoked' }] }],
  ])('is not a lapse when %s', (_name, change) => {
    expect(lapsedRequiredCredentials({ ...base, on: '2026-01-01', ...change })).toEqual([]);
  });

  it('ignores expired credentials nobody requires', () => {
    const oldDealer: Credential = { ...licence, id: 'dealer', type: 'dealer_licence', expires_on: '2020-01-01' };
    expect(lapsedRequiredCredentials({ ...base, credentials: [policy, licence, oldDealer] })).toEqual([]);
  });

  it('has no reason when nothing lapsed', () => {
    expect(suspensionReason([])).toBeNull();
  });
});
