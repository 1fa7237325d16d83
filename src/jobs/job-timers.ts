import { defineDeadline } from '../common/queue/deadline';

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
