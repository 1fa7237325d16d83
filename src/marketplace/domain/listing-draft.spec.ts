import { applyEdits, checkListingTerms, DraftCase, draftLots, editedFields, ListingSpec, listingRefusals, splitRuleOf, splitSpecOf } from './listing-draft';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();
const base: ListingSpec = { kind: 'collection', case_ids: ['c1'], bidding_mode: 'sealed', deadline: inHours(24), fee_schedule_id: 'fs1' };
const usd = (amount: number) => ({ amount, currency: 'USD' });
const aCase = (over: Partial<DraftCase> = {}): DraftCase => ({
  id: 'c1',
  status: 'new',
  region: 'US-TX',
  balance: usd(100_000),
  delinquency: { bucket: 'M2', days_past_due: 45 },
  product: 'auto_loan',
  hasVehicle: false,
  listingBlockers: [],
  ...over,
});

describe('checkListingTerms', () => {
  it('fills the defaults of a valid listing', () => {
    const { errors, terms } = checkListingTerms(base, NOW);
    expect(errors).toEqual([]);
    expect(terms).toMatchObject({ capability: 'soft_collection', biddable: true, deadline: new Date(inHours(24)), bounds: {}, split: null });
    expect(terms.weights.price).toBeGreaterThan(0);
  });

  it('offers direct work at once, without a deadline', () => {
    const { errors, terms } = checkListingTerms({ ...base, bidding_mode: 'direct', deadline: undefined, direct_partner_id: 'p1' }, NOW);
    expect(errors).toEqual([]);
    expect(terms.deadline).toEqual(NOW);
  });

  it.each<[string, Partial<ListingSpec>, string]>([
    ['a deadline in the past', { deadline: inHours(-1) }, 'deadline'],
    ['a deadline beyond 90 days', { deadline: inHours(91 * 24) }, 'deadline'],
    ['a sealed listing without a deadline', { deadline: undefined }, 'deadline'],
    ['a direct listing with a deadline', { bidding_mode: 'direct', direct_partner_id: 'p1' }, 'deadline'],
    ['a direct listing without its partner', { bidding_mode: 'direct', deadline: undefined }, 'direct_partner_id'],
    ['a named partner on a sealed listing', { direct_partner_id: 'p1' }, 'direct_partner_id'],
    ['a capability that does not do the work', { capability: 'repossession' }, 'capability'],
    ['cases on a repossession listing', { kind: 'repossession', capability: 'repossession', vehicle_id: 'v1' }, 'case_ids'],
    ['a collection listing without cases', { case_ids: undefined }, 'case_ids'],
    ['a region on collection work', { region: 'US-TX' }, 'region'],
    ['a flat fee on collection work', { bounds: { max_flat_fee: usd(100) } }, 'bounds.max_flat_fee'],
    ['bounds out of range', { bounds: { max_contingency_bps: 20_000 } }, 'bounds.max_contingency_bps'],
    ['a challenger share over half', { challenger_share_bps: 6000 }, 'challenger_share_bps'],
    ['a split of a vehicle listing', { kind: 'transport', capability: 'transport', case_ids: undefined, vehicle_id: 'v1', split: { kind: 'by_region' } }, 'split'],
  ])('refuses %s', (_name, over, field) => {
    const { errors } = checkListingTerms({ ...base, ...over }, NOW);
    expect(errors.map((e) => e.field)).toContain(field);
  });
});

describe('listingRefusals', () => {
  it('gives every reason of every case that may not be listed, and passes the others', () => {
    const refused = listingRefusals(
      ['ok', 'listed', 'held', 'eur', 'current', 'missing'],
      [
        aCase({ id: 'ok' }),
        aCase({ id: 'listed', status: 'listed' }),
        aCase({ id: 'held', listingBlockers: [{ flag: 'bankruptcy', reason: 'bankruptcy stops collection' }] }),
        aCase({ id: 'eur', balance: { amount: 1, currency: 'EUR' } }),
        aCase({ id: 'current', delinquency: { bucket: 'current', days_past_due: 0 } }),
      ],
      'USD',
    );
    expect(refused.map((r) => [r.case_id, r.reasons.map((x) => x.code)])).toEqual([
      ['listed', ['case.already_listed']],
      ['held', ['case.bankruptcy']],
      ['eur', ['case.currency_mismatch']],
      ['current', ['case.not_delinquent']],
      ['missing', ['case.not_found']],
    ]);
  });
});

describe('draftLots', () => {
  it('puts the cases of an unsplit listing in one lot, `all`', () => {
    const { lots, listingCases } = draftLots([aCase({ id: 'a' }), aCase({ id: 'b', region: 'US-OK' })], null, 'USD', []);
    expect(lots).toEqual([{ key: 'all', caseIds: ['a', 'b'], regions: ['US-OK', 'US-TX'], totalBalance: usd(200_000) }]);
    expect(listingCases.map((c) => [c.caseId, c.lotKey, c.bucket, c.daysPastDue])).toEqual([
      ['a', 'all', 'M2', 45],
      ['b', 'all', 'M2', 45],
    ]);
  });

  it('splits by region into lots keyed by region', () => {
    const { lots } = draftLots([aCase({ id: 'a' }), aCase({ id: 'b', region: 'US-OK' })], { kind: 'by_region' }, 'USD', []);
    expect(lots.map((l) => [l.key, l.caseIds])).toEqual(expect.arrayContaining([['US-TX', ['a']], ['US-OK', ['b']]]));
  });

  it('gives work without cases one empty lot in its regions', () => {
    expect(draftLots([], null, 'EUR', ['DE-BE']).lots).toEqual([{ key: 'all', caseIds: [], regions: ['DE-BE'], totalBalance: { amount: 0, currency: 'EUR' } }]);
  });
});

describe('draft edits', () => {
  it('changes what the edit names, clears what it nulls, keeps the rest', () => {
    const spec: ListingSpec = { ...base, title: 'Old', description: 'text', min_score: 0.3, weights: { price: 0.5 } };
    const next = applyEdits(spec, { title: 'New', description: null, case_ids: ['c1', 'c2'] });
    expect(next).toMatchObject({ title: 'New', case_ids: ['c1', 'c2'], min_score: 0.3, weights: { price: 0.5 }, kind: 'collection', fee_schedule_id: 'fs1' });
    expect(next.description).toBeUndefined();
    expect(editedFields({ title: 'New', description: null })).toEqual(['title', 'description']);
    expect(editedFields({})).toEqual([]);
  });

  it.each([{ kind: 'by_region' as const }, { kind: 'even' as const, lots: 3 }, { kind: 'by_balance_band' as const, thresholds: [100_000] }])('round-trips a split rule: %j', (split) => {
    expect(splitSpecOf(splitRuleOf(split))).toEqual(split);
  });
});
