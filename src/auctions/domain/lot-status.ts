import { defineStateMachine } from '../../common/state-machine/state-machine';

export const LOT_STATUSES = ['draft', 'scheduled', 'live', 'closed', 'sold', 'no_sale', 'cancelled', 'paid', 'released'] as const;
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
  sold: ['paid'],
  no_sale: [],
  cancelled: [],
  paid: ['released'],
  released: [],
});

/** Statuses a buyer may see in the catalogue. */
export const PUBLIC_LOT_STATUSES: readonly LotStatus[] = ['scheduled', 'live', 'closed', 'sold', 'no_sale', 'paid', 'released'];
