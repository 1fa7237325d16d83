import { defineStateMachine } from '../../common/state-machine/state-machine';

export const LOT_STATUSES = ['draft', 'scheduled', 'live', 'closed', 'sold', 'no_sale', 'cancelled'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

/**
 * DESIGN §7 lot status. `closed` is the instant bidding stops; the close decides `sold` (reserve
 * met, or bought now) or `no_sale` in the same transaction. Payment and release states come with
 * invoices (issue 15, later part).
 */
export const LOT_STATE_MACHINE = defineStateMachine<LotStatus>('auction_lot', {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['live', 'cancelled'],
  live: ['closed', 'cancelled'],
  closed: ['sold', 'no_sale'],
  sold: [],
  no_sale: [],
  cancelled: [],
});

/** Statuses a buyer may see in the catalogue. */
export const PUBLIC_LOT_STATUSES: readonly LotStatus[] = ['scheduled', 'live', 'closed', 'sold', 'no_sale'];
