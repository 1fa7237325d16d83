import { BidderCover, coverFor, coversUpTo, depositToCover, exposureOf, Position, standingHoldExpiresAt, standingReleasable } from './deposit-cover';

describe('deposit cover (10 % of the maximum)', () => {
  it.each([
    [50_000, 1_000, 500_000],
    [60_000, 1_000, 600_000],
    [33_333, 3_000, 111_110],
    [1, 10_000, 1],
  ])('a deposit of %i at %i bps covers %i', (deposit, bps, covered) => {
    expect(coversUpTo(deposit, bps)).toBe(covered);
  });

  it.each([
    [500_000, 50_000, 50_000], // exactly the lot's deposit
    [500_001, 50_000, 50_001], // rounded up: 50,000 would cover 500,000 only
    [120_000, 50_000, 50_000], // never below what the lot requires
    [111_111, 0, 11_112],
  ])('a maximum of %i with %i required needs a deposit of %i', (max, required, deposit) => {
    expect(depositToCover(max, required)).toBe(deposit);
    expect(coversUpTo(deposit)).toBeGreaterThanOrEqual(max);
    if (deposit > required) expect(coversUpTo(deposit - 1)).toBeLessThan(max);
  });
});

describe('exposure across lots', () => {
  const lead = (lotId: string, amount: number, lotDepositCovers: number | null = null): Position => ({ lotId, amount, lotDepositCovers });
  it.each<[string, Position[], string | null, number]>([
    ['nothing open', [], null, 0],
    ['two leading maxima', [lead('a', 300_000), lead('b', 150_000)], null, 450_000],
    ['the lot bid on is left out: its new maximum replaces the old', [lead('a', 300_000), lead('b', 150_000)], 'a', 150_000],
    ['a position its own lot deposit covers is no exposure', [lead('a', 300_000, 500_000), lead('b', 150_000)], null, 150_000],
    ['a lot deposit too small for the position covers none of it', [lead('a', 600_000, 500_000)], null, 600_000],
    ['exactly the lot deposit’s cover is covered', [lead('a', 500_000, 500_000)], null, 0],
  ])('%s', (_, positions, except, exposure) => {
    expect(exposureOf(positions, except)).toBe(exposure);
  });
});

describe('what covers a maximum', () => {
  const none: BidderCover = { lotDeposit: null, standing: null, creditLimit: null, exposureElsewhere: 0 };
  const standing = (amount: number) => ({ amount, coversUpTo: coversUpTo(amount) });
  it.each<[string, number, number, Partial<BidderCover>, ReturnType<typeof coverFor>]>([
    ['a lot without a deposit needs no cover', 900_000, 0, {}, { covered: true, by: [] }],
    ['nothing held', 100_000, 50_000, {}, { covered: false, sources: [], covers: 0, shortfall: 100_000 }],
    ['the lot deposit', 500_000, 50_000, { lotDeposit: 500_000 }, { covered: true, by: ['lot_deposit'] }],
    ['above the lot deposit, nothing else', 600_000, 50_000, { lotDeposit: 500_000 }, { covered: false, sources: ['lot_deposit'], covers: 500_000, shortfall: 100_000 }],
    ['a standing deposit, nothing elsewhere', 1_000_000, 50_000, { standing: standing(100_000) }, { covered: true, by: ['standing_deposit'] }],
    ['a standing deposit less what it answers for elsewhere', 700_001, 50_000, { standing: standing(100_000), exposureElsewhere: 300_000 }, { covered: false, sources: ['standing_deposit'], covers: 700_000, shortfall: 1 }],
    ['exactly what is left of it', 700_000, 50_000, { standing: standing(100_000), exposureElsewhere: 300_000 }, { covered: true, by: ['standing_deposit'] }],
    ['a standing deposit below the lot’s deposit does not count', 100_000, 150_000, { standing: standing(100_000) }, { covered: false, sources: [], covers: 0, shortfall: 100_000 }],
    ['a credit line', 400_000, 50_000, { creditLimit: 400_000 }, { covered: true, by: ['credit_line'] }],
    ['a credit line used up elsewhere', 100_000, 50_000, { creditLimit: 400_000, exposureElsewhere: 450_000 }, { covered: false, sources: ['credit_line'], covers: 0, shortfall: 100_000 }],
    ['standing deposit and credit line pooled', 1_300_000, 50_000, { standing: standing(100_000), creditLimit: 400_000, exposureElsewhere: 100_000 }, { covered: true, by: ['standing_deposit', 'credit_line'] }],
    ['the larger of the lot deposit and what is left of the pool', 800_000, 50_000, { lotDeposit: 500_000, standing: standing(100_000), exposureElsewhere: 300_000 }, { covered: false, sources: ['lot_deposit', 'standing_deposit'], covers: 700_000, shortfall: 100_000 }],
  ])('%s', (_, max, required, held, verdict) => {
    expect(coverFor(max, required, { ...none, ...held })).toEqual(verdict);
  });
});

describe('letting a standing deposit go', () => {
  it.each([
    [0, null, false, true],
    [1, null, false, false],
    [300_000, 300_000, false, true],
    [300_001, 300_000, false, false],
    [900_000, null, true, true],
  ])('exposure %i with a credit line of %p, lapsed %p: releasable %p', (exposure, credit, expired, releasable) => {
    expect(standingReleasable(exposure, credit, expired)).toBe(releasable);
  });

  it('lapses 7 days after it was authorised', () => {
    expect(standingHoldExpiresAt(new Date('2026-12-02T10:00:00.000Z')).toISOString()).toBe('2026-12-09T10:00:00.000Z');
  });
});
