import { zoneOfPhone } from './phone-zones';
import { addLocalDays, instantAt, localTimeOf, startOfLocalDay } from './zoned-time';

describe('zoned time through Intl', () => {
  it.each([
    ['New York winter', '2026-01-15', 8 * 60, 'America/New_York', '2026-01-15T13:00:00.000Z'],
    ['New York summer', '2026-07-15', 8 * 60, 'America/New_York', '2026-07-15T12:00:00.000Z'],
    ['skipped 02:30 on spring-forward resolves past the gap', '2026-03-08', 150, 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['repeated 01:30 on fall-back is its first occurrence (EDT)', '2026-11-01', 90, 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['Shanghai', '2026-03-16', 22 * 60, 'Asia/Shanghai', '2026-03-16T14:00:00.000Z'],
  ])('%s', (_name, date, minutes, zone, expected) => {
    expect(instantAt(date, minutes, zone).toISOString()).toBe(expected);
  });

  it('local days have 23 and 25 hours on change days', () => {
    const len = (d: string) => (startOfLocalDay(addLocalDays(d, 1), 'America/Los_Angeles').getTime() - startOfLocalDay(d, 'America/Los_Angeles').getTime()) / 3_600_000;
    expect([len('2026-03-08'), len('2026-11-01'), len('2026-06-01')]).toEqual([23, 25, 24]);
  });

  it('reads the local date and minute', () => {
    expect(localTimeOf(new Date('2026-03-17T01:00:00Z'), 'America/New_York')).toEqual({ date: '2026-03-16', minutes: 21 * 60 });
  });

  it.each([
    ['+14155550123', 'America/Los_Angeles'],
    ['+12125550123', 'America/New_York'],
    ['+8613800138000', 'Asia/Shanghai'],
    ['+19995550123', null],
    [null, null],
  ])('zone of %s', (phone, zone) => {
    expect(zoneOfPhone(phone)).toBe(zone);
  });
});
