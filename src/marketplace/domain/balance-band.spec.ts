import { balanceBand } from './balance-band';

describe('balance band', () => {
  it.each([
    [{ amount: 0, currency: 'USD' }, 0, 100_000],
    [{ amount: 99_999, currency: 'USD' }, 0, 100_000],
    [{ amount: 100_000, currency: 'USD' }, 100_000, 250_000],
    [{ amount: 750_000, currency: 'USD' }, 500_000, 1_000_000],
    [{ amount: 1_000_000, currency: 'USD' }, 1_000_000, 2_500_000],
    [{ amount: 9_999_999, currency: 'USD' }, 5_000_000, 10_000_000],
    [{ amount: 10_000_000, currency: 'USD' }, 10_000_000, null],
    [{ amount: 750_000, currency: 'JPY' }, 100_000, null],
    [{ amount: 7_500, currency: 'JPY' }, 5_000, 10_000],
  ])('%j is in [%i, %s)', (balance, min, max) => {
    expect(balanceBand(balance)).toEqual({ min: { amount: min, currency: balance.currency }, max: max === null ? null : { amount: max, currency: balance.currency } });
  });
});
