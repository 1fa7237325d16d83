import { daysBetween, toEpochDay } from '../../common/calendar/calendar-date';
import { assessDelinquency, daysPastDue, delinquencyBucket, delinquencyStage } from './delinquency';

describe('calendar dates', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2024-02-29', 19_782],
  ])('%s is epoch day %s', (date, day) => {
    expect(toEpochDay(date)).toBe(day);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-05', '20240105', '2024-01-05T00:00:00Z', '', '0050-01-01'])(
    'refuses %j',
    (date) => {
      expect(toEpochDay(date)).toBeNull();
    },
  );

  it('counts whole days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2023-12-31', '2024-01-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
  });

  it('counts calendar days, not 24-hour periods, across a US daylight-saving change', () => {
    // 2024-03-10 is 23 hours long in America/New_York; a calendar day is still a day.
    expect(daysBetween('2024-03-09', '2024-03-11')).toBe(2);
  });

  it('throws on a malformed date rather than guessing', () => {
    expect(() => daysBetween('2024-02-30', '2024-03-01')).toThrow(RangeError);
  });
});

describe('delinquency', () => {
  const due = '2024-01-01';

  it.each([
    ['2023-12-15', 0, 'current', 'early'], // not yet due
    ['2024-01-01', 0, 'current', 'early'], // due today is not past due
    ['2024-01-02', 1, 'M1', 'early'],
    ['2024-01-31', 30, 'M1', 'early'],
    ['2024-02-01', 31, 'M2', 'early'],
    ['2024-02-29', 59, 'M2', 'early'],
    ['2024-03-01', 60, 'M2', 'late'], // DESIGN §4: bucket M2 runs to 60, stage is late from 60
    ['2024-03-02', 61, 'M3', 'late'],
    ['2024-03-31', 90, 'M3', 'late'],
    ['2024-04-01', 91, 'M4+', 'late'],
    ['2025-01-01', 366, 'M4+', 'late'],
  ])('as of %s: %s days, %s, %s', (asOf, days, bucket, stage) => {
    expect(assessDelinquency(due, asOf)).toEqual({ days_past_due: days, bucket, stage });
  });

  it('depends on the as-of date, not on the clock', () => {
    expect(daysPastDue('2024-05-10', '2024-06-09')).toBe(30);
    expect(daysPastDue('2024-05-10', '2024-06-10')).toBe(31);
  });

  it.each([
    [0, 'current'],
    [1, 'M1'],
    [30, 'M1'],
    [31, 'M2'],
    [60, 'M2'],
    [61, 'M3'],
    [90, 'M3'],
    [91, 'M4+'],
  ])('bucket of %s days is %s', (days, bucket) => {
    expect(delinquencyBucket(days)).toBe(bucket);
  });

  it.each([
    [0, 'early'],
    [59, 'early'],
    [60, 'late'],
    [61, 'late'],
  ])('stage of %s days is %s', (days, stage) => {
    expect(delinquencyStage(days)).toBe(stage);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s days', (days) => {
    expect(() => delinquencyBucket(days)).toThrow(RangeError);
    expect(() => delinquencyStage(days)).toThrow(RangeError);
  });
});
