import { addDays, assertCalendarDate, daysBetween, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2025-06-30', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025-6-30', false],
    ['2025-06-30T00:00:00Z', false],
    ['0050-01-01', false],
    ['', false],
  ])('isCalendarDate(%j) = %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['2025-06-01', '2025-07-01', 30],
    ['2025-12-31', '2026-01-01', 1],
    ['2024-02-28', '2024-03-01', 2],
    ['2025-03-09', '2025-03-10', 1], // a US daylight-saving change does not shorten a day
    ['2025-07-01', '2025-06-01', -30],
  ])('daysBetween(%s, %s) = %s', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
    expect(addDays(from, days)).toBe(to);
  });

  it('names the field it refuses', () => {
    expect(() => assertCalendarDate('soon', 'expires_on')).toThrow('expires_on must be a calendar date YYYY-MM-DD, got "soon"');
  });
});
