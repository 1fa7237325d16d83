import { buyerPremiumErrors, buyerPremiumOf } from './buyer-premium';
import { addBusinessDays, invoiceFor } from './invoice';

describe('buyer premium (bps, min, max; half-up once)', () => {
  const premium = { bps: 1_000, min: 20_000, max: 150_000 };
  it.each([
    [100_000, 20_000], // 10 % is 10,000: the minimum applies
    [500_000, 50_000],
    [2_000_000, 150_000], // capped
    [333_335, 33_334], // 33,333.5 rounds half-up
  ])('on a hammer of %i is %i', (hammer, expected) => {
    expect(buyerPremiumOf(premium, hammer)).toBe(expected);
  });

  it('has no cap without a max, and refuses a max below the min', () => {
    expect(buyerPremiumOf({ bps: 500, min: 0, max: null }, 10_000_000)).toBe(500_000);
    expect(buyerPremiumErrors({ bps: 500, min: 100, max: 50 })).toEqual([{ field: 'buyer_premium.max', message: 'must not be below min' }]);
  });
});

describe('invoice', () => {
  it.each([
    ['2026-12-02', '2026-12-04'], // Wednesday → Friday
    ['2026-12-03', '2026-12-07'], // Thursday → Monday
    ['2026-12-04', '2026-12-08'], // Friday → Tuesday
    ['2026-12-05', '2026-12-08'], // Saturday → Tuesday
  ])('closed on %s is due on %s', (closed, due) => {
    expect(addBusinessDays(closed, 2)).toBe(due);
  });

  it('adds the premium to the hammer and applies the deposit', () => {
    expect(invoiceFor(500_000, { bps: 1_000, min: 20_000, max: 150_000 }, 60_000, '2026-12-02')).toEqual({
      hammer: 500_000,
      buyerPremium: 50_000,
      total: 550_000,
      depositApplied: 60_000,
      balanceDue: 490_000,
      dueOn: '2026-12-04',
    });
    expect(invoiceFor(10_000, { bps: 0, min: 0, max: null }, 60_000, '2026-12-02')).toMatchObject({ total: 10_000, depositApplied: 10_000, balanceDue: 0 });
  });
});
