import { MAX_DELIVERY_ATTEMPTS, nextDelayMs, RETRY_DELAYS_MS } from './retry-schedule';

const MID = () => 0.5; // no jitter
const LOWEST = () => 0;
const HIGHEST = () => 1 - Number.EPSILON;

describe('retry schedule', () => {
  it.each([
    [1, 30_000],
    [2, 120_000],
    [3, 600_000],
    [4, 1_800_000],
    [5, 3_600_000],
    [6, 7_200_000],
    [7, 14_400_000],
    [8, 28_800_000],
    [9, 28_800_000],
  ])('after failed attempt %s waits %s ms', (attempt, delay) => {
    expect(nextDelayMs(attempt, MID)).toBe(delay);
  });

  it('dead-letters after the tenth attempt', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(10);
    expect(nextDelayMs(10, MID)).toBeNull();
    expect(nextDelayMs(11, MID)).toBeNull();
  });

  it('keeps retrying for most of a day and stops within it', () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBe(23 * 3_600_000 + 42 * 60_000 + 30_000);
    expect(total).toBeLessThan(24 * 3_600_000);
    expect([...RETRY_DELAYS_MS]).toEqual([...RETRY_DELAYS_MS].sort((a, b) => a - b));
  });

  it.each([
    ['lowest draw', LOWEST, 27_000],
    ['highest draw', HIGHEST, 33_000],
    ['a quarter', () => 0.25, 28_500],
    ['three quarters', () => 0.75, 31_500],
  ])('spreads by ±10 %%: %s', (_name, random, expected) => {
    expect(nextDelayMs(1, random)).toBe(expected);
  });

  it('stays within ±10 % for every attempt and draw', () => {
    RETRY_DELAYS_MS.forEach((base, i) => {
      for (const r of [0, 0.1, 0.37, 0.5, 0.9, 0.999]) {
        const delay = nextDelayMs(i + 1, () => r)!;
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.9));
        expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.1));
      }
    });
  });

  it('scales the whole schedule for tests, in whole milliseconds', () => {
    expect(nextDelayMs(1, MID, 0.001)).toBe(30);
    expect(nextDelayMs(9, MID, 0.001)).toBe(28_800);
    expect(nextDelayMs(1, () => 0.123, 0.001)).toBe(28);
    expect(nextDelayMs(10, MID, 0.001)).toBeNull();
  });

  it('does not draw a random number once the attempts are used up', () => {
    const random = jest.fn(() => 0.5);
    nextDelayMs(10, random);
    expect(random).not.toHaveBeenCalled();
  });

  it.each([
    ['attempt 0', () => nextDelayMs(0, MID)],
    ['a fractional attempt', () => nextDelayMs(1.5, MID)],
    ['a zero scale', () => nextDelayMs(1, MID, 0)],
    ['an infinite scale', () => nextDelayMs(1, MID, Infinity)],
    ['a random of 1', () => nextDelayMs(1, () => 1)],
    ['a negative random', () => nextDelayMs(1, () => -0.1)],
    ['a NaN random', () => nextDelayMs(1, () => Number.NaN)],
  ])('refuses %s', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});
