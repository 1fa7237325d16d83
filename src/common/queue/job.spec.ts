import { bindHandlers, JobDefinition } from './job';

const job = (queue: string, name: string): JobDefinition<unknown> => ({ queue, name });

describe('bindHandlers (the boot check)', () => {
  const timer = job('marketplace', 'listing.award-deadline');
  const sweep = job('marketplace', 'listing.award-deadline-sweep');
  const purge = job('maintenance', 'idempotency.purge');

  it('binds every declared job to its one handler', () => {
    const bound = bindHandlers([timer, sweep, purge], [[timer, 'A'], [sweep, 'B'], [purge, 'C']]);
    expect([...bound.entries()]).toEqual([[timer, 'A'], [sweep, 'B'], [purge, 'C']]);
  });

  it.each<[string, JobDefinition<unknown>[], [JobDefinition<unknown>, string][], string]>([
    ['a deadline without its handler (timer and sweep)', [timer, sweep, purge], [[purge, 'C']], 'no handler registered for job(s): marketplace/listing.award-deadline, marketplace/listing.award-deadline-sweep'],
    ['a job without a handler', [timer, purge], [[timer, 'A']], 'no handler registered for job(s): maintenance/idempotency.purge'],
    ['a job with two handlers', [timer], [[timer, 'A'], [timer, 'B']], 'job marketplace/listing.award-deadline has two handlers'],
  ])('refuses to boot with %s', (_name, declared, found, message) => {
    expect(() => bindHandlers(declared, found)).toThrow(message);
  });

  it('accepts a handler for a job declared nowhere else (a test double, a retired job still draining)', () => {
    expect(bindHandlers([], [[timer, 'A']]).get(timer)).toBe('A');
  });
});
