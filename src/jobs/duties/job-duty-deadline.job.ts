import { DeadlineHandler, DeadlineProcessor } from '../../common/queue/deadline';
import { JOB_DUTY_DEADLINE, JobDutyDeadlinePayload } from './duty-timers';
import { RepossessionDutiesService } from './repossession-duties.service';

/** At a duty's deadline: breach it unless it was fulfilled (a guarded update decides it once). */
@DeadlineHandler(JOB_DUTY_DEADLINE)
export class JobDutyDeadlineJob implements DeadlineProcessor<JobDutyDeadlinePayload> {
  constructor(private readonly duties: RepossessionDutiesService) {}

  findOverdue(dueBy: Date, limit: number): Promise<JobDutyDeadlinePayload[]> {
    return this.duties.findOverdue(dueBy, limit);
  }

  handle(data: JobDutyDeadlinePayload): Promise<{ breached: boolean }> {
    return this.duties.breachIfDue(data.dutyId);
  }
}
