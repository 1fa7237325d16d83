import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { SECOND_CHANCE_EXPIRY, SecondChanceExpiryPayload } from './auction-default-timers';
import { SecondChanceService } from './second-chance.service';

/** At a second-chance offer's expiry: still open, it lapses and the next bidder is offered the lot. */
@DeadlineHandler(SECOND_CHANCE_EXPIRY)
export class SecondChanceExpiryJob implements DeadlineProcessor<SecondChanceExpiryPayload> {
  constructor(private readonly offers: SecondChanceService) {}

  findOverdue(dueBy: Date, limit: number): Promise<SecondChanceExpiryPayload[]> {
    return this.offers.overdue(dueBy, limit);
  }

  handle(data: SecondChanceExpiryPayload) {
    return this.offers.expire(data.offerId);
  }
}
