import { NO_SLA, slaAfterProgress, slaAfterResume, slaAtAccept, slaMet, withoutClock } from './job-sla';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const h = (n: number) => new Date(T0.getTime() + n * 3_600_000);

describe('SLA clocks (DESIGN §6)', () => {
  it.each([
    ['collection', null, h(24), h(72), h(30 * 24)],
    ['repossession', null, h(24), h(72), h(14 * 24)],
    ['skip_trace', null, h(24), h(72), h(30 * 24)],
    ['transport', null, h(24), h(72), h(14 * 24)],
    ['collection', { first_action_hours: 6, completion_days: 10 }, h(6), h(72), h(10 * 24)],
    ['repossession', { first_action_hours: 48, completion_days: 21 }, h(48), h(72), h(21 * 24)],
  ] as const)('%s with commitment %j starts at accept', (kind, commitment, firstAction, silence, completion) => {
    expect(slaAtAccept(kind, commitment, T0)).toEqual({ firstActionDueAt: firstAction, silenceDueAt: silence, completionDueAt: completion });
  });

  it('progress meets the first action and moves silence to 72 h after it', () => {
    expect(slaAfterProgress(slaAtAccept('collection', null, T0), h(20))).toEqual({ firstActionDueAt: null, silenceDueAt: h(92), completionDueAt: h(720) });
  });

  it.each([
    [false, h(24 * 5), { firstActionDueAt: h(24 * 5 + 24), silenceDueAt: h(24 * 5 + 72), completionDueAt: h(720 + 24 * 5 - 2) }],
    [true, h(3), { firstActionDueAt: null, silenceDueAt: h(75), completionDueAt: h(721) }],
  ])('resume (started %s at %s) restarts the partner clocks and moves completion by the time held', (started, resumedAt, expected) => {
    expect(slaAfterResume({ firstActionDueAt: null, silenceDueAt: null, completionDueAt: h(720) }, started, h(2), resumedAt)).toEqual(expected);
  });

  it.each([
    [h(10), h(9), true],
    [h(10), h(10), true],
    [h(10), h(11), false],
    [null, h(11), null],
  ])('due %s met at %s: %s', (due, at, met) => {
    expect(slaMet(due, at)).toBe(met);
  });

  it('a breached clock stops alone', () => {
    const due = slaAtAccept('collection', null, T0);
    expect(withoutClock(due, 'silence')).toEqual({ ...due, silenceDueAt: null });
    expect(withoutClock(due, 'first_action')).toEqual({ ...due, firstActionDueAt: null });
    expect(withoutClock(due, 'completion')).toEqual({ ...due, completionDueAt: null });
    expect(withoutClock(NO_SLA, 'completion')).toEqual(NO_SLA);
  });
});
