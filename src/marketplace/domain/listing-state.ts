import { defineStateMachine } from '../../common/state-machine/state-machine';

export const LISTING_STATUSES = ['draft', 'open', 'awarded', 'expired', 'cancelled'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/**
 * DESIGN §5: a listing is prepared as a draft, published (`open`) and awarded once. A listing
 * whose deadline passes without an award expires; re-listing creates a new listing, so the
 * final states stay final and the award history is never rewritten.
 */
export const LISTING_STATE_MACHINE = defineStateMachine<ListingStatus>('listing', {
  draft: ['open', 'cancelled'],
  open: ['awarded', 'expired', 'cancelled'],
  awarded: [],
  expired: [],
  cancelled: [],
});
