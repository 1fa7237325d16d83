import { formatMoney } from './money-text';

describe('formatMoney', () => {
  it.each([
    [125_000, 'USD', 'USD 1,250.00'],
    [5, 'USD', 'USD 0.05'],
    [0, 'USD', 'USD 0.00'],
    [-12_550, 'USD', '-USD 125.50'],
    [5_000, 'JPY', 'JPY 5,000'],
    [1_234, 'BHD', 'BHD 1.234'],
    [9_007_199_254_740_991, 'USD', 'USD 90,071,992,547,409.91'],
    [100_000_000, 'CNY', 'CNY 1,000,000.00'],
  ])('%s %s → %s', (amount, currency, expected) => {
    expect(formatMoney({ amount, currency })).toBe(expected);
  });
});
