import { monthStart } from './statements-monthly.job';

describe('monthStart: the cutoff of the monthly statements', () => {
  it.each([
    ['2026-03-01T03:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['2026-03-31T23:59:59Z', '2026-03-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
  ])('%s → %s', (at, expected) => {
    expect(monthStart(new Date(at)).toISOString()).toBe(expected);
  });
});
