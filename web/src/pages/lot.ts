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
