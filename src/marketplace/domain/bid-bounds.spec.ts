import { money } from '../../common/money';
import { ListingBounds, ProposedTerms, validateBidTerms, validateListingBounds } from './bid-bounds';

const contingencyListing: ListingBounds = {
  max_contingency_bps: 2500,
  sla: { first_action_hours: { max: 24 }, completion_days: { min: 7, max: 30 } },
};
const flatFeeListing: ListingBounds = { max_flat_fee: money(40_000, 'USD') };
const slaOnlyListing: ListingBounds = { sla: { first_action_hours: { max: 48 } } };
const sla = { first_action_hours: 12, completion_days: 20 };

const fieldsAndCodes = (terms: ProposedTerms, bounds: ListingBounds): [string, string][] =>
  validateBidTerms(terms, bounds).map((e) => [e.field, e.code ?? '']);

describe('validateBidTerms', () => {
  it.each<[string, ProposedTerms, ListingBounds]>([
    ['a contingency below the maximum', { contingency_bps: 2000, sla }, contingencyListing],
    ['a contingency at the maximum', { contingency_bps: 2500, sla }, contingencyListing],
    ['a zero contingency', { contingency_bps: 0, sla }, contingencyListing],
    ['SLA commitments at both ends of the range', { contingency_bps: 1, sla: { first_action_hours: 24, completion_days: 7 } }, contingencyListing],
    ['a flat fee at the maximum', { flat_fee: money(40_000, 'USD'), sla }, flatFeeListing],
    ['both fee terms when the listing bounds both', { contingency_bps: 100, flat_fee: money(1, 'USD'), sla }, { ...contingencyListing, ...flatFeeListing }],
    ['SLA only, against a fixed fee schedule', { sla }, slaOnlyListing],
    ['any SLA when the listing bounds none', { sla: { first_action_hours: 1_000, completion_days: 365 } }, {}],
  ])('accepts %s', (_name, terms, bounds) => {
    expect(validateBidTerms(terms, bounds)).toEqual([]);
  });

  it.each<[string, ProposedTerms, ListingBounds, [string, string][]]>([
    ['a contingency above the maximum', { contingency_bps: 2501, sla }, contingencyListing, [['contingency_bps', 'bid.out_of_bounds']]],
    ['a contingency above 100 %', { contingency_bps: 10_001, sla }, contingencyListing, [['contingency_bps', 'bid.invalid_value']]],
    ['a fractional contingency', { contingency_bps: 12.5, sla }, contingencyListing, [['contingency_bps', 'bid.invalid_value']]],
    ['a missing contingency', { sla }, contingencyListing, [['contingency_bps', 'bid.required']]],
    ['a contingency the listing does not pay', { contingency_bps: 1000, sla }, flatFeeListing, [['contingency_bps', 'bid.not_offered'], ['flat_fee', 'bid.required']]],
    ['a flat fee above the maximum', { flat_fee: money(40_001, 'USD'), sla }, flatFeeListing, [['flat_fee.amount', 'bid.out_of_bounds']]],
    ['a flat fee in another currency', { flat_fee: money(100, 'EUR'), sla }, flatFeeListing, [['flat_fee.currency', 'bid.currency_mismatch']]],
    ['a negative flat fee', { flat_fee: { amount: -1, currency: 'USD' }, sla }, flatFeeListing, [['flat_fee.amount', 'bid.invalid_value']]],
    ['a flat fee the listing does not pay', { contingency_bps: 1000, flat_fee: money(1, 'USD'), sla }, contingencyListing, [['flat_fee', 'bid.not_offered']]],
    [
      'a first action later than allowed',
      { contingency_bps: 1000, sla: { first_action_hours: 25, completion_days: 20 } },
      contingencyListing,
      [['sla.first_action_hours', 'bid.out_of_bounds']],
    ],
    [
      'completion sooner than the minimum',
      { contingency_bps: 1000, sla: { first_action_hours: 1, completion_days: 6 } },
      contingencyListing,
      [['sla.completion_days', 'bid.out_of_bounds']],
    ],
    [
      'completion later than the maximum',
      { contingency_bps: 1000, sla: { first_action_hours: 1, completion_days: 31 } },
      contingencyListing,
      [['sla.completion_days', 'bid.out_of_bounds']],
    ],
    [
      'zero and fractional commitments',
      { contingency_bps: 1000, sla: { first_action_hours: 0, completion_days: 1.5 } },
      contingencyListing,
      [
        ['sla.first_action_hours', 'bid.invalid_value'],
        ['sla.completion_days', 'bid.invalid_value'],
      ],
    ],
    [
      'missing commitments',
      { contingency_bps: 1000, sla: {} as ProposedTerms['sla'] },
      contingencyListing,
      [
        ['sla.first_action_hours', 'bid.required'],
        ['sla.completion_days', 'bid.required'],
      ],
    ],
    [
      'every term at once',
      { contingency_bps: 3000, sla: { first_action_hours: 48, completion_days: 60 } },
      contingencyListing,
      [
        ['contingency_bps', 'bid.out_of_bounds'],
        ['sla.first_action_hours', 'bid.out_of_bounds'],
        ['sla.completion_days', 'bid.out_of_bounds'],
      ],
    ],
  ])('refuses %s', (_name, terms, bounds, expected) => {
    expect(fieldsAndCodes(terms, bounds)).toEqual(expected);
  });

  it('says what the bound is', () => {
    expect(validateBidTerms({ contingency_bps: 2600, sla }, contingencyListing)).toEqual([
      { field: 'contingency_bps', code: 'bid.out_of_bounds', message: "contingency_bps 2600 is above the listing's maximum of 2500" },
    ]);
    expect(validateBidTerms({ contingency_bps: 1, sla: { first_action_hours: 1, completion_days: 3 } }, contingencyListing)).toEqual([
      { field: 'sla.completion_days', code: 'bid.out_of_bounds', message: "sla.completion_days 3 is below the listing's minimum of 7" },
    ]);
  });
});

describe('validateListingBounds', () => {
  it.each<[string, ListingBounds]>([
    ['no bounds', {}],
    ['every bound', { max_contingency_bps: 10_000, max_flat_fee: money(0, 'USD'), sla: { first_action_hours: { min: 1, max: 1 }, completion_days: { max: 30 } } }],
  ])('accepts %s', (_name, bounds) => {
    expect(validateListingBounds(bounds)).toEqual([]);
  });

  it.each<[string, ListingBounds, string[]]>([
    ['bps above 100 %', { max_contingency_bps: 10_001 }, ['max_contingency_bps']],
    ['a negative flat fee', { max_flat_fee: { amount: -5, currency: 'USD' } }, ['max_flat_fee.amount']],
    ['a bad currency', { max_flat_fee: { amount: 5, currency: 'dollar' } }, ['max_flat_fee.currency']],
    ['a zero SLA bound', { sla: { first_action_hours: { max: 0 } } }, ['sla.first_action_hours.max']],
    ['a fractional SLA bound', { sla: { completion_days: { min: 0.5 } } }, ['sla.completion_days.min']],
    ['a range upside down', { sla: { completion_days: { min: 30, max: 7 } } }, ['sla.completion_days.min']],
  ])('refuses %s', (_name, bounds, fields) => {
    const errors = validateListingBounds(bounds);
    expect(errors.map((e) => e.field)).toEqual(fields);
    expect(errors.every((e) => e.code === 'listing.invalid_bounds')).toBe(true);
  });
});
