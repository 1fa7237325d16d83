import { JobDefinition } from './job';
import { undeclaredSchedulers } from './job-schedulers';

describe('undeclaredSchedulers (removed at worker boot so a renamed sweep does not run without a handler)', () => {
  const declared: JobDefinition<unknown>[] = [
    { queue: 'notifications', name: 'email.send' },
    { queue: 'notifications', name: 'email.send-sweep', repeat: { everyMs: 10_000 } },
    { queue: 'placement', name: 'placement.import-sweep', repeat: { everyMs: 60_000 } },
    { queue: 'partners', name: 'credentials.expiry-sweep', repeat: { pattern: '0 5 * * *' } },
  ];

  it.each<[string, string, string[], string[]]>([
    ['all declared', 'notifications', ['email.send-sweep'], []],
    ['a sweep renamed since the last deploy', 'notifications', ['email.send-sweep', 'notifications.sweep'], ['notifications.sweep']],
    ['a scheduler named like a job that does not repeat', 'notifications', ['email.send'], ['email.send']],
    ['a scheduler declared in another queue', 'placement', ['placement.import-sweep', 'email.send-sweep'], ['email.send-sweep']],
    ['no schedulers', 'partners', [], []],
  ])('%s', (_name, queue, present, undeclared) => {
    expect(undeclaredSchedulers(declared, queue, present)).toEqual(undeclared);
  });
});
