import { IncrementTable, incrementAt } from './increment-table';

/** What a lot's bidding rules need (amounts in the lot's currency, minor units). */
export interface BiddingTerms {
  readonly startPrice: number;
  /** Hidden from buyers; null when the lot has none. */
  readonly reserve: number | null;
  readonly increments: IncrementTable;
}

/** The visible state of a lot's bidding after the accepted bids so far. */
export interface BiddingState {
  readonly leader: string | null;
  readonly leaderMax: number;
  readonly price: number;
  readonly bidCount: number;
  /** Each bidder's highest accepted maximum. */
  readonly maxima: Readonly<Record<string, number>>;
}

export const NO_BIDS: BiddingState = Object.freeze({ leader: null, leaderMax: 0, price: 0, bidCount: 0, maxima: Object.freeze({}) });

export type BidRefusal =
  | { readonly code: 'below_minimum'; readonly minimum: number }
  | { readonly code: 'not_above_own_maximum'; readonly minimum: number };

export type BidDecision =
  | { readonly accepted: true; readonly state: BiddingState; readonly previousLeader: string | null }
  | { readonly accepted: false; readonly refusal: BidRefusal };

export function reserveMet(terms: BiddingTerms, state: BiddingState): boolean {
  return state.leader !== null && (terms.reserve === null || state.leaderMax >= terms.reserve);
}

/**
 * The least maximum a bidder may give now (DESIGN §7): the start price for the first bid, then
 * the current price plus its bracket's increment; a leader raising must also beat their own maximum.
 */
export function minimumBid(terms: BiddingTerms, state: BiddingState, bidder: string): number {
  if (state.leader === null) return terms.startPrice;
  const next = state.price + incrementAt(terms.increments, state.price);
  return state.leader === bidder ? Math.max(next, state.leaderMax + 1) : next;
}

/**
 * Proxy bidding, one bid at a time (DESIGN §7, OPENLANE/Copart preliminary bids). The price is the
 * lowest amount beating the second-highest maximum by one increment of that maximum's bracket,
 * capped at the leader's maximum; equal maximums go to the earlier bid, at that maximum; a leader
 * raising their own maximum leaves the price alone; once the leader's maximum reaches the hidden
 * reserve the price is at least the reserve. Decided incrementally so that a leader's raise never
 * moves the price, which a formula over the final maxima alone could not express.
 */
export function placeBid(terms: BiddingTerms, state: BiddingState, bidder: string, max: number): BidDecision {
  const minimum = minimumBid(terms, state, bidder);
  if (max < minimum) {
    const code = state.leader === bidder && max <= state.leaderMax ? 'not_above_own_maximum' : 'below_minimum';
    return { accepted: false, refusal: { code, minimum } };
  }
  const maxima = { ...state.maxima, [bidder]: Math.max(state.maxima[bidder] ?? 0, max) };
  let leader: string;
  let leaderMax: number;
  let price: number;
  if (state.leader === null) {
    [leader, leaderMax, price] = [bidder, max, terms.startPrice];
  } else if (state.leader === bidder) {
    [leader, leaderMax, price] = [bidder, max, state.price];
  } else if (max > state.leaderMax) {
    [leader, leaderMax] = [bidder, max];
    price = Math.min(max, state.leaderMax + incrementAt(terms.increments, state.leaderMax));
  } else if (max === state.leaderMax) {
    [leader, leaderMax, price] = [state.leader, state.leaderMax, state.leaderMax];
  } else {
    [leader, leaderMax] = [state.leader, state.leaderMax];
    price = Math.min(state.leaderMax, max + incrementAt(terms.increments, max));
  }
  if (terms.reserve !== null && leaderMax >= terms.reserve) price = Math.max(price, terms.reserve);
  const next: BiddingState = { leader, leaderMax, price, bidCount: state.bidCount + 1, maxima };
  return { accepted: true, state: next, previousLeader: state.leader };
}

/** The state after replaying accepted bids in acceptance order; throws if one would be refused. */
export function replayBids(terms: BiddingTerms, bids: readonly { readonly bidder: string; readonly max: number }[]): BiddingState {
  return bids.reduce((state, bid, i) => {
    const decision = placeBid(terms, state, bid.bidder, bid.max);
    if (!decision.accepted) throw new Error(`bid ${i} (${bid.bidder}, ${bid.max}) would be refused: ${decision.refusal.code}`);
    return decision.state;
  }, NO_BIDS);
}
