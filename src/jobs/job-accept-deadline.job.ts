import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { Job } from './job.entity';
import { JOB_ACCEPT_DEADLINE, JobAcceptDeadlinePayload } from './job-timers';
import { JobsService } from './jobs.service';

/** At an offer's accept deadline: expire it and re-offer (the job is locked and re-checked). */
@DeadlineHandler(JOB_ACCEPT_DEADLINE)
export class JobAcceptDeadlineJob implements DeadlineProcessor<JobAcceptDeadlinePayload> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async findOverdue(dueBy: Date, limit: number): Promise<JobAcceptDeadlinePayload[]> {
    const offered = await this.dataSource.getRepository(Job).find({ select: { id: true }, where: { status: 'offered', acceptDeadline: LessThanOrEqual(dueBy) }, order: { acceptDeadline: 'ASC' }, take: limit });
    return offered.map((j) => ({ jobId: j.id }));
  }

  handle(data: JobAcceptDeadlinePayload): Promise<{ expired: boolean }> {
    return this.jobs.expireIfDue(data.jobId);
  }
}
