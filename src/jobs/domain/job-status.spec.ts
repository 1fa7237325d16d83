import { JOB_STATE_MACHINE, JOB_STATUSES, JobStatus } from './job-status';
import { assertTransition, canTransition, isTerminal } from '../../common/state-machine/state-machine';

function allPairs<S extends string>(states: readonly S[]): [S, S][] {
  return states.flatMap((from) => states.map((to): [S, S] => [from, to]));
}

describe('job status machine (DESIGN §6)', () => {
  const allowed = new Set<string>([
    'offered>accepted',
    'offered>declined',
    'offered>expired',
    'offered>cancelled',
    'accepted>in_progress',
    'accepted>on_hold',
    'accepted>returned',
    'accepted>recalled',
    'accepted>cancelled',
    'in_progress>completed',
    'in_progress>on_hold',
    'in_progress>returned',
    'in_progress>recalled',
    'in_progress>cancelled',
    'on_hold>accepted',
    'on_hold>in_progress',
    'on_hold>returned',
    'on_hold>recalled',
    'on_hold>cancelled',
  ]);

  it.each(allPairs(JOB_STATUSES))('%s → %s', (from, to) => {
    expect(canTransition(JOB_STATE_MACHINE, from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it.each<JobStatus>(['declined', 'completed', 'returned', 'recalled', 'expired', 'cancelled'])('%s is terminal', (state) => {
    expect(isTerminal(JOB_STATE_MACHINE, state)).toBe(true);
  });

  it('names the allowed next states when refusing', () => {
    expect(() => assertTransition(JOB_STATE_MACHINE, 'offered', 'completed')).toThrow(
      'A job that is offered cannot become completed (allowed: accepted, declined, expired, cancelled).',
    );
    expect(() => assertTransition(JOB_STATE_MACHINE, 'offered', 'completed')).toThrow(
      expect.objectContaining({ code: 'job.illegal_transition', from: 'offered', to: 'completed' }),
    );
  });

  it('refuses a state it does not know (e.g. a stale value read from storage)', () => {
    expect(() => assertTransition(JOB_STATE_MACHINE, 'paused' as JobStatus, 'accepted')).toThrow(
      expect.objectContaining({ code: 'job.illegal_transition', allowed: [] }),
    );
  });
});
