import { promiseDueAt, promiseOutcome } from './promise-to-pay';

describe('promises to pay (DESIGN §6: broken when not met by its date plus grace)', () => {
  it.each([
    ['2026-03-10', 3, '2026-03-14T00:00:00.000Z'],
    ['2026-03-10', 0, '2026-03-11T00:00:00.000Z'],
    ['2026-02-27', 3, '2026-03-03T00:00:00.000Z'],
    ['2028-02-27', 2, '2028-03-01T00:00:00.000Z'],
  ])('promised for %s with %i days of grace is decided at %s', (date, grace, due) => {
    expect(promiseDueAt(date, grace).toISOString()).toBe(due);
  });

  it.each([
    [50_000, 50_000, false, 'kept'],
    [50_000, 60_000, true, 'kept'],
    [50_000, 49_999, false, 'open'],
    [50_000, 0, false, 'open'],
    [50_000, 0, true, 'broken'],
    [50_000, 10_000, true, 'partially_kept'],
  ] as const)('promised %i, paid %i, due %s: %s', (amount, paid, due, status) => {
    expect(promiseOutcome(amount, paid, due)).toBe(status);
  });
});
