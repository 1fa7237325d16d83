import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { DEPOSIT_RELEASE, DepositReleasePayload, LOT_CLOSE, LOT_OPEN, LotTimerPayload } from './auction-timers';
import { DepositHolds } from './deposit-holds.service';
import { AuctionsService } from './auctions.service';

/** At a scheduled lot's start: it goes live (re-checked under the lot's lock). */
@DeadlineHandler(LOT_OPEN)
export class LotOpenJob implements DeadlineProcessor<LotTimerPayload> {
  constructor(private readonly lots: AuctionsService) {}

  findOverdue(dueBy: Date, limit: number): Promise<LotTimerPayload[]> {
    return this.lots.overdue('scheduled', dueBy, limit);
  }

  handle(data: LotTimerPayload) {
    return this.lots.open(data.lotId);
  }
}

/** At a live lot's end (moved by anti-sniping): sold or no_sale (re-checked under the lot's lock). */
@DeadlineHandler(LOT_CLOSE)
export class LotCloseJob implements DeadlineProcessor<LotTimerPayload> {
  constructor(private readonly lots: AuctionsService) {}

  findOverdue(dueBy: Date, limit: number): Promise<LotTimerPayload[]> {
    return this.lots.overdue('live', dueBy, limit);
  }

  handle(data: LotTimerPayload) {
    return this.lots.close(data.lotId);
  }
}

/** After a close or a cancellation: each released deposit's authorisation is cancelled at Stripe. */
@DeadlineHandler(DEPOSIT_RELEASE)
export class DepositReleaseJob implements DeadlineProcessor<DepositReleasePayload> {
  constructor(private readonly holds: DepositHolds) {}

  findOverdue(dueBy: Date, limit: number): Promise<DepositReleasePayload[]> {
    return this.holds.unreleasedAtStripe(dueBy, limit);
  }

  handle(data: DepositReleasePayload) {
    return this.holds.releaseAtStripe(data.depositId);
  }
}
