import { defineDeadline } from '../common/queue/deadline';
import type { SlaClock } from './domain/job-sla';

export interface JobAcceptDeadlinePayload {
  readonly jobId: string;
}

/**
 * DESIGN §6: an offer not accepted by its deadline expires (default 4 h after the offer) and the
 * work goes to the next bid. One timer per offer (`job-accept-deadline-<jobId>`); the minute sweep
 * expires offers whose timer was lost while Redis was down.
 */
export const JOB_ACCEPT_DEADLINE = defineDeadline<JobAcceptDeadlinePayload>({
  queue: 'jobs',
  name: 'job.accept-deadline',
  idOf: (p) => `job-accept-deadline-${p.jobId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

export interface JobSlaPayload {
  readonly jobId: string;
  readonly clock: SlaClock;
}

/**
 * DESIGN §6 SLA timers: one per running job and clock (`job-sla-<clock>-<jobId>`), moved by
 * progress and removed when the job ends; the minute sweep catches timers Redis lost.
 */
export const JOB_SLA_DEADLINE = defineDeadline<JobSlaPayload>({
  queue: 'jobs',
  name: 'job.sla',
  idOf: (p) => `job-sla-${p.clock}-${p.jobId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

export interface HoldEscalationPayload {
  readonly jobId: string;
  /** 1: 15 minutes unacknowledged; 2: an hour. */
  readonly step: 1 | 2;
}

/**
 * DESIGN §6: a hold the partner has not acknowledged escalates to the lender and platform
 * compliance after 15 minutes and again after an hour. One timer per held job and step
 * (`job-hold-escalation-<step>-<jobId>`); the acknowledgment removes them.
 */
export const HOLD_ESCALATION_DEADLINE = defineDeadline<HoldEscalationPayload>({
  queue: 'jobs',
  name: 'job.hold-escalation',
  idOf: (p) => `job-hold-escalation-${p.step}-${p.jobId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

export interface PromiseDeadlinePayload {
  readonly promiseId: string;
}

/** DESIGN §6: a promise to pay not met by its date plus grace is broken (`promise-due-<promiseId>`). */
export const PROMISE_DEADLINE = defineDeadline<PromiseDeadlinePayload>({
  queue: 'jobs',
  name: 'promise.due',
  idOf: (p) => `promise-due-${p.promiseId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});
