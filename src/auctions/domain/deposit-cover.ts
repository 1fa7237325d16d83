/**
 * What a deposit lets a buyer bid (Copart's rule: the deposit is 10 % of the bid, so it covers a
 * maximum of ten times itself). Basis points of the maximum the deposit must be.
 */
export const DEPOSIT_COVER_BPS = 1_000;

/** The highest maximum a deposit covers, rounded down to the minor unit. */
export function coversUpTo(deposit: number, coverBps: number = DEPOSIT_COVER_BPS): number {
  return Number((BigInt(deposit) * 10_000n) / BigInt(coverBps));
}

/**
 * The least deposit that covers a maximum (the inverse of `coversUpTo`, rounded up), never below
 * what the lot requires: what a second-chance buyer must hold to take the offer at its price.
 */
export function depositToCover(max: number, required: number, coverBps: number = DEPOSIT_COVER_BPS): number {
  const needed = Number((BigInt(max) * BigInt(coverBps) + 9_999n) / 10_000n);
  return Math.max(needed, required);
}
