import { defineDeadline } from '../../common/queue/deadline';

export interface JobDutyDeadlinePayload {
  readonly dutyId: string;
}

/**
 * DESIGN §6: a repossession duty not fulfilled by its deadline is breached. One timer per duty
 * (`job-duty-<dutyId>`), cancelled when the fulfilling event arrives; the minute sweep breaches
 * duties whose timer Redis lost.
 */
export const JOB_DUTY_DEADLINE = defineDeadline<JobDutyDeadlinePayload>({
  queue: 'jobs',
  name: 'job.duty-deadline',
  idOf: (p) => `job-duty-${p.dutyId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});
