import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JobHandler, JobProcessor } from '../common/queue/job';
import { AwardService } from './award.service';
import { Listing } from './listing.entity';
import { AWARD_DEADLINE_SWEEP_JOB } from './marketplace-timers';

/** Timers lost while Redis was down (or never scheduled) still end in an award or an expiry. */
@JobHandler(AWARD_DEADLINE_SWEEP_JOB)
export class AwardDeadlineSweepJob implements JobProcessor<Record<string, never>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly awards: AwardService,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ decided: number }> {
    const overdue = await this.dataSource.getRepository(Listing).find({
      select: { id: true },
      where: { status: 'open', deadline: LessThan(this.clock.now()) },
      order: { deadline: 'ASC' },
      take: 200,
    });
    let decided = 0;
    for (const { id } of overdue) {
      if ((await this.awards.atDeadline(id)).outcome !== 'skipped') decided++;
    }
    return { decided };
  }
}
