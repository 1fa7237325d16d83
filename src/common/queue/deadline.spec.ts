import { declaredJobs } from './job';
import { defineDeadline, delayUntil, sweepDueBy, timerIdProblem } from './deadline';

describe('timerIdProblem (ids BullMQ 6 accepts for custom jobs)', () => {
  it.each([['award-deadline-5e2b7d4e-1f0a-4c55-9d61-0c3b1c1f2a10'], ['webhook-delivery-abc-3'], ['email-7'], ['12a'], ['-1.5']])('accepts %j', (id) => {
    expect(timerIdProblem(id)).toBeNull();
  });

  it.each([
    ['', 'is empty'],
    ['42', 'is an integer (BullMQ numbers its own jobs)'],
    ['award-deadline:42', 'holds a ":" (BullMQ reserves it for its scheduler keys)'],
    ['a:b:c', 'holds a ":" (BullMQ reserves it for its scheduler keys)'],
  ])('refuses %j: %s', (id, problem) => {
    expect(timerIdProblem(id)).toBe(problem);
  });
});

describe('delayUntil', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  it.each([
    ['an hour ahead', '2026-03-01T13:00:00.000Z', 3_600_000],
    ['one millisecond ahead', '2026-03-01T12:00:00.001Z', 1],
    ['now', '2026-03-01T12:00:00.000Z', 0],
    ['already past (runs at once)', '2026-03-01T11:00:00.000Z', 0],
  ])('%s → %i ms', (_name, at, ms) => {
    expect(delayUntil(new Date(at), now)).toBe(ms);
  });
});

describe('sweepDueBy', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  it.each([
    [0, '2026-03-01T12:00:00.000Z'],
    [30_000, '2026-03-01T11:59:30.000Z'],
    [60_000, '2026-03-01T11:59:00.000Z'],
  ])('grace %i ms → items due by %s', (graceMs, dueBy) => {
    expect(sweepDueBy({ graceMs }, now).toISOString()).toBe(dueBy);
  });
});

describe('defineDeadline', () => {
  const SAMPLE = defineDeadline<{ readonly sampleId: string }>({
    queue: 'samples',
    name: 'sample.due',
    idOf: (p) => `sample-due-${p.sampleId}`,
    options: { attempts: 3 },
    worker: { concurrency: 2 },
  });

  it('declares the timer and a repeating sweep in the same queue, both found by the boot check', () => {
    expect(SAMPLE.timer).toMatchObject({ queue: 'samples', name: 'sample.due', options: { attempts: 3 }, worker: { concurrency: 2 } });
    expect(SAMPLE.timer.repeat).toBeUndefined();
    expect(SAMPLE.sweep).toMatchObject({ queue: 'samples', name: 'sample.due-sweep', repeat: { everyMs: 60_000 }, options: { attempts: 1, removeOnComplete: true, removeOnFail: true } });
    expect(declaredJobs()).toEqual(expect.arrayContaining([SAMPLE.timer, SAMPLE.sweep]));
  });

  it('defaults to handling overdue items in the sweep, with no grace, 200 at a time', () => {
    expect(SAMPLE).toMatchObject({ sweepMode: 'handle', graceMs: 0, batch: 200 });
  });

  it('takes the sweep settings it is given', () => {
    const work = defineDeadline<{ readonly n: string }>({ queue: 'samples', name: 'sample.work', idOf: (p) => `work-${p.n}`, sweepEveryMs: 10_000, sweepMode: 'requeue', graceMs: 30_000, batch: 1000 });
    expect(work).toMatchObject({ sweepMode: 'requeue', graceMs: 30_000, batch: 1000, sweep: { name: 'sample.work-sweep', repeat: { everyMs: 10_000 } } });
  });

  it('makes deterministic timer ids and refuses ids BullMQ would refuse, naming the deadline', () => {
    expect(SAMPLE.idOf({ sampleId: 'x1' })).toBe('sample-due-x1');
    expect(SAMPLE.idOf({ sampleId: 'x1' })).toBe(SAMPLE.idOf({ sampleId: 'x1' }));
    const colon = defineDeadline<{ readonly id: string }>({ queue: 'samples', name: 'sample.colon', idOf: (p) => `colon:${p.id}` });
    expect(() => colon.idOf({ id: '1' })).toThrow('deadline sample.colon: timer id "colon:1" holds a ":"');
    const bare = defineDeadline<{ readonly id: string }>({ queue: 'samples', name: 'sample.bare', idOf: (p) => p.id });
    expect(() => bare.idOf({ id: '17' })).toThrow('deadline sample.bare: timer id "17" is an integer');
  });
});
