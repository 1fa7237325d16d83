import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { AwardService } from './award.service';
import { Listing } from './listing.entity';
import { AWARD_DEADLINE, AwardDeadlinePayload } from './marketplace-timers';

/** At a listing's deadline: award by score, or expire (the listing is locked and re-checked). */
@DeadlineHandler(AWARD_DEADLINE)
export class AwardDeadlineJob implements DeadlineProcessor<AwardDeadlinePayload> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly awards: AwardService,
  ) {}

  async findOverdue(dueBy: Date, limit: number): Promise<AwardDeadlinePayload[]> {
    const open = await this.dataSource.getRepository(Listing).find({ select: { id: true }, where: { status: 'open', deadline: LessThanOrEqual(dueBy) }, order: { deadline: 'ASC' }, take: limit });
    return open.map((l) => ({ listingId: l.id }));
  }

  handle(data: AwardDeadlinePayload): Promise<{ outcome: 'awarded' | 'expired' | 'skipped' }> {
    return this.awards.atDeadline(data.listingId);
  }
}
