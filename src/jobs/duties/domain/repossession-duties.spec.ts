import { daysTouched, DutyRule, dutyDeadline, Jurisdiction, jurisdictionFor, localDate, validateJurisdictions } from './repossession-duties';

const POLICE: DutyRule = { duty: 'police_notification', within_hours: 1, weekend_extension_hours: 0, holiday_extension_hours: 0, citation: 'Cal. Veh. Code §28(a)', description: '' };
const NOTICE: DutyRule = { duty: 'seizure_notice', within_hours: 48, weekend_extension_hours: 24, holiday_extension_hours: 24, citation: 'Cal. Bus. & Prof. Code §7507.10(a)', description: '' };
const RELEASE: DutyRule = { duty: 'personal_effects_release', within_hours: null, weekend_extension_hours: 0, holiday_extension_hours: 0, citation: '', description: '' };

const CA = {
  time_zone: 'America/Los_Angeles',
  holidays: [
    { date: '2026-06-19', name: 'Juneteenth' },
    { date: '2026-11-26', name: 'Thanksgiving Day' },
  ],
};

/** Local wall-clock time in Los Angeles as an instant (offsets written out, so the table reads as the statute's days). */
const la = (local: string, offset: '-07:00' | '-08:00' = '-07:00') => new Date(`${local}${offset}`);

describe('dutyDeadline (US-CA)', () => {
  it.each([
    // recovered (local)            duty     due (local)                          hours  extended for
    ['Fri 2026-06-05 17:00', la('2026-06-05T17:00'), POLICE, la('2026-06-05T18:00'), 1, []],
    ['Fri 2026-06-05 17:00', la('2026-06-05T17:00'), NOTICE, la('2026-06-08T17:00'), 72, ['weekend']],
    ['Tue 2026-06-02 10:00', la('2026-06-02T10:00'), NOTICE, la('2026-06-04T10:00'), 48, []],
    ['Wed 2026-06-03 10:00', la('2026-06-03T10:00'), NOTICE, la('2026-06-05T10:00'), 48, []],
    // the 48 hours reach into Saturday: encompassed, so 72
    ['Thu 2026-06-04 10:00', la('2026-06-04T10:00'), NOTICE, la('2026-06-07T10:00'), 72, ['weekend']],
    // Juneteenth (Fri) and the Saturday both inside the 48 hours: 96
    ['Thu 2026-06-18 10:00', la('2026-06-18T10:00'), NOTICE, la('2026-06-22T10:00'), 96, ['weekend', 'holiday']],
    // Thanksgiving inside the 48 hours, no weekend: 72
    ['Tue 2026-11-24 10:00', la('2026-11-24T10:00', '-08:00'), NOTICE, la('2026-11-27T10:00', '-08:00'), 72, ['holiday']],
    // 48 hours ending Friday 18:00 local are Saturday 01:00 UTC: local days count, so no extension
    ['Wed 2026-06-03 18:00', la('2026-06-03T18:00'), NOTICE, la('2026-06-05T18:00'), 48, []],
    // a period ending exactly at midnight does not encompass the next day
    ['Thu 2026-06-04 00:00', la('2026-06-04T00:00'), NOTICE, la('2026-06-06T00:00'), 48, []],
    // recovered on a Sunday: the weekend is in the period from its first hour
    ['Sun 2026-06-07 23:00', la('2026-06-07T23:00'), NOTICE, la('2026-06-10T23:00'), 72, ['weekend']],
  ])('%s, %#', (_label, recoveredAt, rule, due, hours, extendedFor) => {
    expect(dutyDeadline(rule, recoveredAt, CA)).toEqual({ dueAt: due, hours, extendedFor });
  });

  it('counts elapsed hours across a DST change (Fri 17:00 PST + 72 h is Mon 18:00 PDT)', () => {
    const due = dutyDeadline(NOTICE, la('2026-03-06T17:00', '-08:00'), CA)!;
    expect(due.dueAt).toEqual(la('2026-03-09T18:00'));
    expect(due.hours).toBe(72);
  });

  it('sets no deadline for the release of personal effects', () => {
    expect(dutyDeadline(RELEASE, la('2026-06-05T17:00'), CA)).toBeNull();
  });
});

describe('local days', () => {
  it.each([
    [new Date('2026-06-06T01:00Z'), 'America/Los_Angeles', '2026-06-05'],
    [new Date('2026-06-06T01:00Z'), 'UTC', '2026-06-06'],
    [new Date('2026-06-05T16:30Z'), 'Asia/Shanghai', '2026-06-06'],
  ])('%s in %s is %s', (instant, zone, date) => expect(localDate(instant, zone)).toBe(date));

  it('lists the days a period touches, its end excluded', () => {
    expect(daysTouched(la('2026-06-05T17:00'), la('2026-06-07T17:00'), 'America/Los_Angeles')).toEqual(['2026-06-05', '2026-06-06', '2026-06-07']);
    expect(daysTouched(la('2026-06-04T00:00'), la('2026-06-06T00:00'), 'America/Los_Angeles')).toEqual(['2026-06-04', '2026-06-05']);
  });
});

describe('jurisdictionFor', () => {
  const sets = [{ code: 'US' }, { code: 'US-CA' }];
  it.each([
    ['US-CA', 'US-CA'],
    ['US-NV', 'US'],
    ['US', 'US'],
    ['CN-31', null],
  ])('%s → %s', (region, code) => expect(jurisdictionFor(sets, region)?.code ?? null).toBe(code));
});

describe('validateJurisdictions', () => {
  const valid: Jurisdiction = { code: 'US-CA', ...CA, duties: [POLICE, NOTICE, RELEASE] };
  it('accepts the seeded shape', () => expect(validateJurisdictions([valid])).toEqual([]));
  it.each<[string, Jurisdiction[], string]>([
    ['a bad code', [{ ...valid, code: 'California' }], 'jurisdictions[0].code'],
    ['a repeated code', [valid, valid], 'jurisdictions[1].code'],
    ['an unknown zone', [{ ...valid, time_zone: 'Pacific Time' }], 'jurisdictions[0].time_zone'],
    ['an impossible holiday', [{ ...valid, holidays: [{ date: '2026-02-30', name: 'x' }] }], 'jurisdictions[0].holidays[0].date'],
    ['a repeated duty', [{ ...valid, duties: [POLICE, POLICE] }], 'jurisdictions[0].duties[1].duty'],
    ['a timed duty without hours', [{ ...valid, duties: [{ ...POLICE, within_hours: null }] }], 'jurisdictions[0].duties[0].within_hours'],
    ['a release with a deadline', [{ ...valid, duties: [{ ...RELEASE, within_hours: 24 }] }], 'jurisdictions[0].duties[0].within_hours'],
  ])('refuses %s', (_label, jurisdictions, field) => {
    expect(validateJurisdictions(jurisdictions).map((e) => e.field)).toEqual([field]);
  });
});
