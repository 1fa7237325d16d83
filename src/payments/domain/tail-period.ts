import { addDays, calendarDateOf } from '../../common/calendar/calendar-date';

/** DESIGN §8: a payment within 30 days after a recall still earns the commission. */
export const TAIL_PERIOD_DAYS = 30;

export interface EarningCandidate {
  readonly id: string;
  readonly status: string;
  /** When the job's terms took effect (award or re-offer). */
  readonly since: Date;
  readonly endedAt: Date | null;
}

const RUNNING = ['accepted', 'in_progress', 'on_hold'];

/**
 * The one job a payment received on `receivedOn` earns for, and whether it earns in the tail
 * period (DESIGN §8). A payment received before a job's terms took effect earns it nothing. A
 * job recalled within the 30 days before the payment earns before a job that replaced it: the
 * recalled partner's work is what the tail protects, and the commission is earned once, never
 * by both. Otherwise the running job earns; after the tail, nobody.
 */
export function earningJob<J extends EarningCandidate>(jobs: readonly J[], receivedOn: string): { readonly job: J; readonly tail: boolean } | null {
  const eligible = jobs.filter((j) => receivedOn >= calendarDateOf(j.since));
  const recalled = eligible
    .filter((j): j is J & { endedAt: Date } => j.status === 'recalled' && j.endedAt !== null && receivedOn <= addDays(calendarDateOf(j.endedAt), TAIL_PERIOD_DAYS))
    .sort((a, b) => b.endedAt.getTime() - a.endedAt.getTime());
  const [latest] = recalled;
  if (latest) return { job: latest, tail: receivedOn > calendarDateOf(latest.endedAt) };
  const running = eligible.find((j) => RUNNING.includes(j.status));
  return running ? { job: running, tail: false } : null;
}
