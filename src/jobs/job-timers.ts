import { defineJob } from '../common/queue/job';

export interface JobAcceptDeadlinePayload {
  readonly jobId: string;
}

/** DESIGN §6: an offer not accepted by its deadline expires (default 4 h after the offer). */
export const JOB_ACCEPT_DEADLINE_JOB = defineJob<JobAcceptDeadlinePayload>('jobs', 'job.accept-deadline', {
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

/**
 * Deterministic timer id. BullMQ 6 refuses custom ids with a single `:` (they clash with its
 * repeatable-job keys), so the separator is `-`: `job-accept-deadline-<jobId>`.
 */
export const jobAcceptDeadlineId = (jobId: string): string => `job-accept-deadline-${jobId}`;

export const DEFAULT_ACCEPT_HOURS = 4;

/** Safety net for the accept timers: every minute, offers still open past their deadline expire. */
export const JOB_ACCEPT_DEADLINE_SWEEP_JOB = defineJob<Record<string, never>>('jobs', 'job.accept-deadline-sweep', { repeat: { everyMs: 60_000 } });
