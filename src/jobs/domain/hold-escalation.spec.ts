import { escalationDueAt, escalationsDue } from './hold-escalation';

const HELD = new Date('2026-03-06T17:00:00.000Z');
const m = (n: number) => new Date(HELD.getTime() + n * 60_000);

describe('hold escalation (DESIGN §6: 15 minutes, then an hour)', () => {
  it('is due 15 minutes and an hour after the hold', () => {
    expect(escalationDueAt(HELD, 1)).toEqual(m(15));
    expect(escalationDueAt(HELD, 2)).toEqual(m(60));
  });

  it.each([
    [0, m(14), []],
    [0, m(15), [1]],
    [1, m(30), []],
    [1, m(60), [2]],
    [0, m(90), [1, 2]],
    [2, m(600), []],
  ])('with %i step(s) taken, at %s the due steps are %j', (done, now, due) => {
    expect(escalationsDue(HELD, done, now)).toEqual(due);
  });
});
