/** A lot's anti-sniping setting (DESIGN §7 default: a bid in the last 2 minutes moves the end to 2 minutes after it). */
export interface AntiSniping {
  readonly windowSeconds: number;
  readonly extensionSeconds: number;
}

export const DEFAULT_ANTI_SNIPING: AntiSniping = Object.freeze({ windowSeconds: 120, extensionSeconds: 120 });

/**
 * The lot's end after an accepted bid at `bidAt`: a bid within the last window moves the end to the
 * bid time plus the extension (never earlier than it was); any other bid leaves it.
 */
export function endAfterBid(endsAt: Date, bidAt: Date, rule: AntiSniping): Date {
  const windowStart = endsAt.getTime() - rule.windowSeconds * 1000;
  if (bidAt.getTime() < windowStart || bidAt.getTime() >= endsAt.getTime()) return endsAt;
  return new Date(Math.max(endsAt.getTime(), bidAt.getTime() + rule.extensionSeconds * 1000));
}
