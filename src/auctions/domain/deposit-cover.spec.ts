import { coversUpTo } from './deposit-cover';

describe('deposit cover (10 % of the maximum)', () => {
  it.each([
    [50_000, 1_000, 500_000],
    [60_000, 1_000, 600_000],
    [33_333, 3_000, 111_110],
    [1, 10_000, 1],
  ])('a deposit of %i at %i bps covers %i', (deposit, bps, covered) => {
    expect(coversUpTo(deposit, bps)).toBe(covered);
  });
});
