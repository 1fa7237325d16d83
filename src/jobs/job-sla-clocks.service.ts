import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AfterCommit } from '../common/database/after-commit';
import { Deadlines } from '../common/queue/deadlines.service';
import { dueOf, SLA_CLOCKS, SlaClock, SlaDue } from './domain/job-sla';
import { Job } from './job.entity';
import { JOB_SLA_DEADLINE } from './job-timers';

export function slaDueOf(job: Pick<Job, 'firstActionDueAt' | 'silenceDueAt' | 'completionDueAt'>): SlaDue {
  return { firstActionDueAt: job.firstActionDueAt, silenceDueAt: job.silenceDueAt, completionDueAt: job.completionDueAt };
}

/**
 * The SLA clocks of a job (DESIGN §6) in the caller's transaction: the due times are written on
 * the job row (what the sweep reads), and once the transaction commits each clock's timer is set
 * at its due time or removed. Setting the same timer again replaces it (deterministic ids).
 */
@Injectable()
export class JobSlaClocks {
  constructor(
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
  ) {}

  /** `alongside`: other columns of the job the caller writes now, in the same statement. */
  async set(manager: EntityManager, job: Job, due: SlaDue, alongside: Partial<Pick<Job, 'lastProgressAt' | 'updatedAt'>> = {}): Promise<void> {
    // Only the clocks whose due time moves touch their timers (a report moves the silence clock
    // alone): three timer resets per progress report were most of its Redis round trips (issue 18).
    const before = slaDueOf(job);
    const moved = SLA_CLOCKS.filter((clock) => dueOf(before, clock)?.getTime() !== dueOf(due, clock)?.getTime());
    Object.assign(job, due, alongside);
    await manager.update(Job, { id: job.id }, { ...alongside, firstActionDueAt: due.firstActionDueAt, silenceDueAt: due.silenceDueAt, completionDueAt: due.completionDueAt });
    if (moved.length > 0) this.afterCommit.run(manager, () => this.sync(job.id, due, moved));
  }

  private async sync(jobId: string, due: SlaDue, clocks: readonly SlaClock[]): Promise<void> {
    for (const clock of clocks) {
      const at = dueOf(due, clock);
      if (at) await this.deadlines.schedule(JOB_SLA_DEADLINE, { jobId, clock }, at);
      else await this.deadlines.cancel(JOB_SLA_DEADLINE, { jobId, clock });
    }
  }
}
