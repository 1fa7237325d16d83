import { describe, expect, it } from 'vitest';
import { inventory, inZone, localToIso, slaState } from './field';

const job = { status: 'accepted' as const, terms: { sla: { first_action_hours: 24, completion_days: 30 } }, accepted_at: '2026-03-01T12:00:00.000Z', last_progress_at: null };

describe('slaState', () => {
  it.each([
    ['before the first action is due', job, '2026-03-02T11:59:00Z', { step: 'first_action', due: '2026-03-02T12:00:00.000Z', late: false }],
    ['after it, with no progress', job, '2026-03-02T12:01:00Z', { step: 'first_action', due: '2026-03-02T12:00:00.000Z', late: true }],
    ['once progress is reported: completion', { ...job, status: 'in_progress' as const, last_progress_at: '2026-03-01T13:00:00.000Z' }, '2026-03-20T00:00:00Z', { step: 'completion', due: '2026-03-31T12:00:00.000Z', late: false }],
    ['completion missed', { ...job, last_progress_at: '2026-03-01T13:00:00.000Z' }, '2026-04-01T00:00:00Z', { step: 'completion', due: '2026-03-31T12:00:00.000Z', late: true }],
    ['an ended job has none', { ...job, status: 'completed' as const }, '2026-03-02T00:00:00Z', null],
    ['terms without an SLA', { ...job, terms: {} }, '2026-03-02T00:00:00Z', null],
  ])('%s', (_, given, now, expected) => {
    expect(slaState(given, new Date(now))).toEqual(expected);
  });
});

describe('inZone', () => {
  it("shows the instant in the borrower's zone", () => {
    expect(inZone('en', '2026-03-17T13:00:00.000Z', 'America/Chicago').replace(/\u202f/g, ' ')).toBe('Mar 17, 2026, 8:00 AM (America/Chicago)');
  });
  it('falls back to the browser zone for an unknown zone', () => {
    expect(inZone('en', '2026-03-17T13:00:00.000Z', 'Nowhere/Atlantis')).toMatch(/2026/);
  });
});

describe('form values', () => {
  it('an empty datetime-local is "now" (absent)', () => {
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('2026-03-17T08:00')).toBe(new Date('2026-03-17T08:00').toISOString());
  });
  it('the inventory is one item per non-empty line', () => {
    expect(inventory(' child seat \n\nsunglasses\n')).toEqual([{ description: 'child seat' }, { description: 'sunglasses' }]);
  });
});
