import { earningJob } from './tail-period';

const at = (date: string) => new Date(`${date}T12:00:00Z`);
const running = { id: 'running', status: 'in_progress', since: at('2026-01-01'), endedAt: null };
const recalled = (on: string, id = 'recalled') => ({ id, status: 'recalled', since: at('2025-11-01'), endedAt: at(on) });

describe('earningJob: who a payment earns for, and the 30-day tail after a recall', () => {
  it.each([
    ['the running job', [running], '2026-01-10', { id: 'running', tail: false }],
    ['nobody without a job', [], '2026-01-10', null],
    ['nobody for a payment before the terms took effect', [running], '2025-12-31', null],
    ['the recalled job on the recall day (not yet the tail)', [recalled('2026-01-05')], '2026-01-05', { id: 'recalled', tail: false }],
    ['the recalled job before its recall', [recalled('2026-01-05')], '2025-12-20', { id: 'recalled', tail: false }],
    ['the recalled job in its tail', [recalled('2026-01-05')], '2026-01-20', { id: 'recalled', tail: true }],
    ['the recalled job on the 30th day after the recall', [recalled('2026-01-05')], '2026-02-04', { id: 'recalled', tail: true }],
    ['nobody on the 31st day after the recall', [recalled('2026-01-05')], '2026-02-05', null],
    ['the recalled job in its tail, not the job that replaced it', [running, recalled('2026-01-05')], '2026-01-20', { id: 'recalled', tail: true }],
    ['the replacing job once the tail is over', [running, recalled('2025-12-01')], '2026-01-20', { id: 'running', tail: false }],
    ['the latest of two recalls', [recalled('2026-01-02', 'first'), recalled('2026-01-06', 'second')], '2026-01-20', { id: 'second', tail: true }],
  ])('%s', (_, jobs, receivedOn, expected) => {
    const found = earningJob(jobs, receivedOn);
    expect(found ? { id: found.job.id, tail: found.tail } : null).toEqual(expected);
  });
});
