import { addDays, CalendarDate, toEpochDay } from '../../common/calendar/calendar-date';

/**
 * What happens when the winner does not pay, and when the reserve is not met (DESIGN §7, issue 15).
 * Pure: the services load the lot's bids and past offers, ask these rules, and store the answer.
 */

/** How long a second-chance offer stays open (eBay's shortest second-chance offer is one day). */
export const SECOND_CHANCE_OFFER_HOURS = 24;

/** DESIGN §7 / issue 15: a `no_sale` lot's lender may accept the high bid within 24 h of the close. */
export const HIGH_BID_ACCEPT_HOURS = 24;

export interface KeptBid {
  readonly seq: number;
  readonly bidderOrgId: string;
  readonly maxAmount: number;
}

export type SecondChance =
  | { readonly offer: true; readonly bidderOrgId: string; readonly price: number; readonly rank: number }
  | { readonly offer: false; readonly reason: 'no_bidder_left' | 'below_reserve'; readonly belowReserve: readonly string[] };

/**
 * Who is offered the lot next, at what price: the bidder with the highest maximum among those not
 * yet out (the winners who defaulted, and everyone already offered it), at that maximum — their
 * own word, never more (issue 15). Equal maxima go to the earlier bid, as in the auction itself
 * (DESIGN §7). A maximum below the hidden reserve is not offered: the lender never agreed to sell
 * below it. `rank` counts the offers of the lot, this one included.
 */
export function nextSecondChance(bids: readonly KeptBid[], out: ReadonlySet<string>, reserve: number | null, offersSoFar: number): SecondChance {
  const best = new Map<string, { max: number; seq: number }>();
  for (const b of bids) {
    if (out.has(b.bidderOrgId)) continue;
    const seen = best.get(b.bidderOrgId);
    if (!seen || b.maxAmount > seen.max) best.set(b.bidderOrgId, { max: b.maxAmount, seq: b.seq });
  }
  const ranked = [...best.entries()].sort(([, a], [, b]) => b.max - a.max || a.seq - b.seq);
  const belowReserve = ranked.filter(([, b]) => reserve !== null && b.max < reserve).map(([org]) => org);
  const eligible = ranked.find(([, b]) => reserve === null || b.max >= reserve);
  if (!eligible) return { offer: false, reason: belowReserve.length > 0 ? 'below_reserve' : 'no_bidder_left', belowReserve };
  const [bidderOrgId, { max }] = eligible;
  return { offer: true, bidderOrgId, price: max, rank: offersSoFar + 1 };
}

/** When an offer made at `offeredAt` lapses. */
export function offerExpiresAt(offeredAt: Date, hours: number = SECOND_CHANCE_OFFER_HOURS): Date {
  return new Date(offeredAt.getTime() + hours * 3_600_000);
}

/** The last instant a `no_sale` lot's lender may accept its high bid. */
export function highBidAcceptDeadline(closedAt: Date, hours: number = HIGH_BID_ACCEPT_HOURS): Date {
  return new Date(closedAt.getTime() + hours * 3_600_000);
}

/**
 * An invoice due on a day is unpaid once that day is over (UTC, as every stored day, DESIGN §2):
 * the instant its due job runs.
 */
export function invoiceDueAt(dueOn: CalendarDate): Date {
  const next = addDays(dueOn, 1);
  return new Date(toEpochDay(next)! * 86_400_000);
}
