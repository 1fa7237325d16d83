import { add, applyBps, divideHalfUp, money, multiplyRatio, MoneyError, sum } from './money';
import { bigintTransformer } from './bigint.transformer';

describe('money', () => {
  it('refuses fractional and unsafe amounts', () => {
    expect(() => money(10.5, 'USD')).toThrow(MoneyError);
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(/safe integer/);
    expect(() => money(1, 'usd')).toThrow(/ISO 4217/);
  });

  it('never adds different currencies', () => {
    expect(() => add(money(1, 'USD'), money(1, 'EUR'))).toThrow(/USD with EUR/);
    expect(sum([money(1, 'USD'), money(2, 'USD')], 'USD')).toEqual(money(3, 'USD'));
  });

  it.each([
    [5n, 2n, 3n],
    [4n, 2n, 2n],
    [-5n, 2n, -3n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [15n, 10n, 2n],
    [14n, 10n, 1n],
  ])('divideHalfUp(%s, %s) = %s', (n, d, expected) => {
    expect(divideHalfUp(n, d)).toBe(expected);
  });

  it.each([
    [10_000, 1500, 1500],
    [333, 1500, 50], // 49.95 -> 50
    [3, 5000, 2], // 1.5 -> 2
    [1, 4999, 0], // 0.4999 -> 0
    [99, 10_000, 99],
  ])('applies %s × %s bps = %s, rounded half-up once', (amount, bps, expected) => {
    expect(applyBps(money(amount, 'USD'), bps)).toEqual(money(expected, 'USD'));
  });

  it('keeps precision on large products', () => {
    expect(applyBps(money(900_000_000_000_000, 'USD'), 3333)).toEqual(money(299_970_000_000_000, 'USD'));
    expect(multiplyRatio(money(1250, 'USD'), 7, 2)).toEqual(money(4375, 'USD'));
  });

  it('refuses invalid basis points', () => {
    expect(() => applyBps(money(1, 'USD'), 1.5)).toThrow(/basis points/);
    expect(() => applyBps(money(1, 'USD'), -1)).toThrow(/basis points/);
  });
});

describe('bigintTransformer', () => {
  it('round-trips safe integers and refuses unsafe ones', () => {
    expect(bigintTransformer.to(1234)).toBe('1234');
    expect(bigintTransformer.from('1234')).toBe(1234);
    expect(bigintTransformer.from(null)).toBeNull();
    expect(() => bigintTransformer.to(2 ** 60)).toThrow(/unsafe/);
    expect(() => bigintTransformer.from('9223372036854775807')).toThrow(/safe integer/);
  });
});
