import { JobHandler, JobProcessor } from '../common/queue/job';
import { AwardService } from './award.service';
import { AWARD_DEADLINE_JOB, AwardDeadlinePayload } from './marketplace-timers';

/** Runs at a listing's deadline (`award-deadline-<listingId>`): award by score, or expire. */
@JobHandler(AWARD_DEADLINE_JOB)
export class AwardDeadlineJob implements JobProcessor<AwardDeadlinePayload> {
  constructor(private readonly awards: AwardService) {}

  handle(data: AwardDeadlinePayload): Promise<{ outcome: 'awarded' | 'expired' | 'skipped' }> {
    return this.awards.atDeadline(data.listingId);
  }
}
