import { IllegalTransitionError } from '../../common/state-machine/state-machine';
import { assertComplaintTransition, ComplaintStatus, reviewDue } from './complaint-status';

describe('complaint lifecycle', () => {
  it.each<[ComplaintStatus, ComplaintStatus, boolean]>([
    ['open', 'investigating', true],
    ['open', 'dismissed', true],
    ['open', 'upheld', false],
    ['investigating', 'upheld', true],
    ['investigating', 'dismissed', true],
    ['upheld', 'dismissed', false],
    ['dismissed', 'investigating', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    if (allowed) expect(() => assertComplaintTransition(from, to)).not.toThrow();
    else expect(() => assertComplaintTransition(from, to)).toThrow(IllegalTransitionError);
  });
});

describe('suspension review threshold', () => {
  const now = new Date('2026-06-30T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const policy = { upheldThreshold: 3, windowDays: 90 };
  it.each([
    ['3 upheld within 90 days', [1, 30, 89], true],
    ['2 upheld within 90 days', [1, 30], false],
    ['the third is 90 days old', [1, 30, 90], false],
    ['4 spread, 3 inside', [1, 2, 3, 200], true],
  ])('%s → due %s', (_name, ages, due) => {
    expect(reviewDue((ages as number[]).map(daysAgo), now, policy).due).toBe(due);
  });
});
