import { JobHandler, JobProcessor } from '../common/queue/job';
import { JOB_ACCEPT_DEADLINE_JOB, JobAcceptDeadlinePayload } from './job-timers';
import { JobsService } from './jobs.service';

/** Runs at an offer's accept deadline (`job-accept-deadline-<jobId>`); reads fresh state by id. */
@JobHandler(JOB_ACCEPT_DEADLINE_JOB)
export class JobAcceptDeadlineJob implements JobProcessor<JobAcceptDeadlinePayload> {
  constructor(private readonly jobs: JobsService) {}

  handle(data: JobAcceptDeadlinePayload): Promise<{ expired: boolean }> {
    return this.jobs.expireIfDue(data.jobId);
  }
}
