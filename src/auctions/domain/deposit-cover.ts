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

/** Stripe lets an online card authorisation lapse after 7 days ("Place a hold on a payment method"). */
export const STANDING_HOLD_DAYS = 7;

export function standingHoldExpiresAt(authorisedAt: Date): Date {
  return new Date(authorisedAt.getTime() + STANDING_HOLD_DAYS * 86_400_000);
}

/**
 * Where a buyer stands on one lot with a deposit: leading a live lot (`amount` its maximum) or the
 * winner of a lot whose invoice is open (`amount` the hammer price), and what its own lot deposit
 * covers there (null when it has none).
 */
export interface Position {
  readonly lotId: string;
  readonly amount: number;
  readonly lotDepositCovers: number | null;
}

/**
 * What the buyer's standing deposit and credit line answer for across lots: every position its
 * own lot deposit does not cover. Outbid maxima are no exposure (they cannot win); `exceptLotId` is
 * the lot being bid on, whose old maximum the new one replaces.
 */
export function exposureOf(positions: readonly Position[], exceptLotId: string | null = null): number {
  let total = 0;
  for (const p of positions) {
    if (p.lotId === exceptLotId) continue;
    if (p.lotDepositCovers !== null && p.amount <= p.lotDepositCovers) continue;
    total += p.amount;
  }
  return total;
}

export type CoverSource = 'lot_deposit' | 'standing_deposit' | 'credit_line';

/** What a buyer holds for a lot, in its currency. */
export interface BidderCover {
  /** `covers_up_to` of the buyer's authorised deposit on this lot. */
  readonly lotDeposit: number | null;
  /** The buyer's unexpired standing deposit in the lot's currency. */
  readonly standing: { readonly amount: number; readonly coversUpTo: number } | null;
  /** The buyer's active credit line in the lot's currency. */
  readonly creditLimit: number | null;
  /** `exposureOf` the buyer's positions on the other lots. */
  readonly exposureElsewhere: number;
}

export type CoverVerdict =
  | { readonly covered: true; readonly by: readonly CoverSource[] }
  | { readonly covered: false; readonly sources: readonly CoverSource[]; readonly covers: number; readonly shortfall: number };

/** How far a buyer's cover reaches on a lot: the highest maximum it may bid now, and from what. */
export interface CoverReach {
  readonly upTo: number;
  readonly sources: readonly CoverSource[];
  /** The pooled sources (standing deposit, credit line) and what is left of them for this lot. */
  readonly pool: readonly CoverSource[];
  readonly poolLeft: number;
}

/**
 * Issue 15, who may bid: a maximum on a lot with a deposit is covered by the buyer's deposit on
 * the lot alone (up to `coversUpTo` of it), or else by the pool of its standing deposit's cover
 * plus its credit line, less what the pool already answers for on other lots. A standing deposit
 * below the lot's `deposit_required` does not count for it: a forfeit takes the lot's deposit from
 * the hold. Null: the lot needs no deposit, any maximum is covered.
 */
export function coverReach(depositRequired: number, held: BidderCover): CoverReach | null {
  if (depositRequired === 0) return null;
  const standing = held.standing !== null && held.standing.amount >= depositRequired ? held.standing.coversUpTo : null;
  const pool: CoverSource[] = [];
  if (standing !== null) pool.push('standing_deposit');
  if (held.creditLimit !== null) pool.push('credit_line');
  const poolLeft = pool.length > 0 ? Math.max(0, (standing ?? 0) + (held.creditLimit ?? 0) - held.exposureElsewhere) : 0;
  const sources: CoverSource[] = held.lotDeposit !== null ? ['lot_deposit', ...pool] : pool;
  return { upTo: Math.max(held.lotDeposit ?? 0, poolLeft), sources, pool, poolLeft };
}

/** `coverReach` applied to one maximum: what covers it, or how far the cover falls short. */
export function coverFor(max: number, depositRequired: number, held: BidderCover): CoverVerdict {
  const reach = coverReach(depositRequired, held);
  if (reach === null) return { covered: true, by: [] };
  if (held.lotDeposit !== null && max <= held.lotDeposit) return { covered: true, by: ['lot_deposit'] };
  if (reach.pool.length > 0 && max <= reach.poolLeft) return { covered: true, by: reach.pool };
  return { covered: false, sources: reach.sources, covers: reach.upTo, shortfall: max - reach.upTo };
}

/**
 * A standing deposit may be let go once the buyer's credit line alone answers for everything the
 * pool covers (with no credit line: once nothing is open), or once it has lapsed at Stripe.
 */
export function standingReleasable(exposure: number, creditLimit: number | null, expired: boolean): boolean {
  return expired || exposure <= (creditLimit ?? 0);
}
