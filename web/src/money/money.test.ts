import { describe, expect, it } from 'vitest';
import { toMinorUnits } from './money';

describe('toMinorUnits', () => {
  it.each([
    ['100', 'USD', 10_000],
    ['1,250.5', 'USD', 125_050],
    ['0.01', 'USD', 1],
    ['1500', 'JPY', 1500],
    ['12.345', 'USD', null],
    ['1.5', 'JPY', null],
    ['0', 'USD', null],
    ['-5', 'USD', null],
    ['lots', 'USD', null],
    ['', 'USD', null],
  ])('%s %s → %s', (typed, currency, expected) => {
    expect(toMinorUnits(typed, currency)).toBe(expected);
  });
});
