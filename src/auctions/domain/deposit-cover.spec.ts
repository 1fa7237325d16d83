import { coversUpTo, depositToCover } from './deposit-cover';

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
