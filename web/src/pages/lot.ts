import type { Schemas } from '../api/client';

type Lot = Pick<Schemas['AuctionLot'], 'status' | 'ends_at' | 'time_left_seconds'>;

/**
 * When a live lot ends, on this browser's clock: the server's `time_left_seconds` counted from when
 * the answer arrived, so a phone whose clock is minutes off still shows the right time left; the
 * end moves with anti-sniping, so each new answer gives a new deadline. Null when not live.
 */
export function lotDeadline(lot: Lot, receivedAt: number): number | null {
  if (lot.status !== 'live') return null;
  return lot.time_left_seconds === null ? Date.parse(lot.ends_at) : receivedAt + lot.time_left_seconds * 1_000;
}

/** Time left as a clock, `h:mm:ss` (hours past a day keep counting, as auction sites show them); never negative. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1_000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(total / 3_600)}:${pad(Math.floor((total % 3_600) / 60))}:${pad(total % 60)}`;
}

type LotState = Pick<Schemas['AuctionLot'], 'status' | 'current_price' | 'bid_count' | 'ends_at' | 'time_left_seconds' | 'reserve_met' | 'buy_now_available' | 'my_standing'>;
/** The `data` of an event of GET /v1/auctions/{id}/stream (generated from the document, so a changed event breaks the build). */
export type LotStreamData = Schemas['AuctionStreamEvent'];

/**
 * The lot as the page shows it after a stream event: price, count, end, status from the event at
 * once; the caller's lead from `leader.you` (its own maximum stays what it was). The time left is
 * taken from the new `ends_at` until the lot is read again (anti-sniping moves the end).
 */
export function applyStreamEvent<T extends LotState>(lot: T, event: LotStreamData): T {
  const endMoved = event.ends_at !== lot.ends_at;
  const leading = event.leader?.you ?? false;
  return {
    ...lot,
    status: event.status,
    current_price: event.current_price,
    bid_count: event.bid_count,
    ends_at: event.ends_at,
    time_left_seconds: endMoved || event.status !== 'live' ? null : lot.time_left_seconds,
    reserve_met: event.reserve_met,
    buy_now_available: event.buy_now_available,
    my_standing: lot.my_standing ? { ...lot.my_standing, leading } : leading ? { leading, your_max: null, cover: null } : null,
  };
}
