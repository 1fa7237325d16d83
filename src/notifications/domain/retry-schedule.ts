/**
 * Webhook delivery retries (DESIGN §9: exponential backoff for 24 h, then dead-lettered).
 *
 * The first delivery is immediate; after failed attempt n the next waits `RETRY_DELAYS_MS[n - 1]`:
 * 30 s, 2 m, 10 m, 30 m, 1 h, 2 h, 4 h, 8 h, 8 h. That is 10 attempts, the last one 23 h 42 m 30 s
 * after the first, so a receiver down for a day still gets the event. Early retries are close
 * together because most failures are a deploy or a blip; the cap at 8 h keeps the last attempts
 * inside the day instead of doubling past it.
 *
 * Each delay is spread by ±10 % so endpoints that failed together (a receiver outage) are not
 * retried in one burst. The random source is injected so tests are deterministic, and `scale`
 * shrinks the whole schedule (0.001 turns 30 s into 30 ms) for tests that run real deliveries.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const RETRY_DELAYS_MS: readonly number[] = [30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 8 * HOUR];
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER_RATIO = 0.1;

/**
 * Milliseconds to wait after failed attempt `attemptNumber` (1 = the first delivery), or null when
 * that was the last attempt and the delivery goes to the dead-letter list.
 * `random` returns a number in [0, 1), like Math.random.
 */
export function nextDelayMs(attemptNumber: number, random: () => number, scale = 1): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) throw new RangeError('attempt numbers start at 1');
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError('scale must be a positive number');
  if (attemptNumber >= MAX_DELIVERY_ATTEMPTS) return null;
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError('random must return a number in [0, 1)');
  const jitter = 1 + JITTER_RATIO * (2 * r - 1);
  return Math.round(RETRY_DELAYS_MS[attemptNumber - 1] * scale * jitter);
}
