import { defineDeadline } from '../common/queue/deadline';

export interface LotTimerPayload {
  readonly lotId: string;
}

/** DESIGN §7: a scheduled lot goes live at its start (one timer per lot, the minute sweep as safety net). */
export const LOT_OPEN = defineDeadline<LotTimerPayload>({
  queue: 'auctions',
  name: 'auction.open',
  idOf: (p) => `auction-open-${p.lotId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

/** DESIGN §7: a live lot closes at its end; anti-sniping moves the end, and scheduling again replaces the timer. */
export const LOT_CLOSE = defineDeadline<LotTimerPayload>({
  queue: 'auctions',
  name: 'auction.close',
  idOf: (p) => `auction-close-${p.lotId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

export interface DepositReleasePayload {
  readonly depositId: string;
}

/**
 * A released deposit's authorisation is cancelled at Stripe after the close commits; the timer
 * retries with backoff and the sweep finds any whose timer was lost, until Stripe has let it go.
 */
export const DEPOSIT_RELEASE = defineDeadline<DepositReleasePayload>({
  queue: 'auctions',
  name: 'auction.deposit-release',
  idOf: (p) => `deposit-release-${p.depositId}`,
  sweepMode: 'handle',
  graceMs: 60_000,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 } },
});
