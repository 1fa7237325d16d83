import { defineStateMachine } from '../../common/state-machine/state-machine';

export const LOT_STATUSES = ['draft', 'scheduled', 'live', 'closed', 'sold', 'no_sale', 'cancelled', 'paid', 'released', 'second_chance', 'returned_to_lender'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

/**
 * DESIGN §7 lot status. `closed` is the instant bidding stops; the close decides `sold` (reserve
 * met, or bought now) or `no_sale` in the same transaction. `sold → paid` when the winner's
 * invoice is paid (Stripe or a confirmed bank transfer); `paid → released` when the yard confirms
 * the buyer's pick-up with the release code.
 */
export const LOT_STATE_MACHINE = defineStateMachine<LotStatus>('auction_lot', {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['live', 'cancelled'],
  live: ['closed', 'cancelled'],
  closed: ['sold', 'no_sale'],
  // Paid (issue 15), or the winner did not pay: the next bidder is offered the lot, or it goes back to the lender.
  sold: ['paid', 'second_chance', 'returned_to_lender'],
  // DESIGN §7: the lender may accept the high bid within 24 h of the close.
  no_sale: ['sold'],
  cancelled: [],
  paid: ['released'],
  released: [],
  // An offer accepted is a sale (a new invoice); the last one declined or lapsed returns the lot.
  second_chance: ['sold', 'returned_to_lender'],
  // Over: the lender relists the vehicle with a new lot.
  returned_to_lender: [],
});

/** Statuses a buyer may see in the catalogue. */
export const PUBLIC_LOT_STATUSES: readonly LotStatus[] = ['scheduled', 'live', 'closed', 'sold', 'no_sale', 'paid', 'released', 'second_chance', 'returned_to_lender'];
