import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JobHandler, JobProcessor } from '../common/queue/job';
import { Job } from './job.entity';
import { JOB_ACCEPT_DEADLINE_SWEEP_JOB } from './job-timers';
import { JobsService } from './jobs.service';

/** Offers whose accept timer was lost (Redis down) still expire and go to the next bid. */
@JobHandler(JOB_ACCEPT_DEADLINE_SWEEP_JOB)
export class JobAcceptDeadlineSweepJob implements JobProcessor<Record<string, never>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ expired: number }> {
    const overdue = await this.dataSource.getRepository(Job).find({
      select: { id: true },
      where: { status: 'offered', acceptDeadline: LessThan(this.clock.now()) },
      order: { acceptDeadline: 'ASC' },
      take: 200,
    });
    let expired = 0;
    for (const { id } of overdue) {
      if ((await this.jobs.expireIfDue(id)).expired) expired++;
    }
    return { expired };
  }
}
