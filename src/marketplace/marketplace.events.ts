import { defineEvent, P, PayloadOf } from '../common/outbox/event-definition';
import { CAPABILITIES } from '../partners/domain/eligibility';
import { WORK_KINDS } from '../jobs/domain/work-kind';
import { BIDDING_MODES } from './domain/listing-draft';

const listing = {
  listing_id: P.id(),
  listing_title: P.text('the listing’s title, as partners read it'),
};

export const ListingPublished = defineEvent('listing.published', {
  aggregate: 'listing',
  description: 'A lender published a listing. Delivered to the lender and to every partner eligible to bid on it (sealed and open listings).',
  payload: {
    ...listing,
    lender_org_id: P.id(),
    kind: P.oneOf(WORK_KINDS),
    bidding_mode: P.oneOf(BIDDING_MODES),
    capability: P.oneOf(CAPABILITIES),
    regions: P.texts('region codes of the work'),
    case_count: P.int(),
    total_balance: P.money('sum of the listed cases’ balances (zero for work without cases)'),
    deadline: P.timestamp('when bidding closes (sealed, open); the publication time otherwise'),
  },
});

export const ListingDeadlineChanged = defineEvent('listing.deadline_changed', {
  aggregate: 'listing',
  description: 'The lender moved the bidding deadline of an open listing.',
  payload: { ...listing, before: P.timestamp(), after: P.timestamp() },
});

export const ListingCancelled = defineEvent('listing.cancelled', {
  aggregate: 'listing',
  description: 'The lender withdrew a listing; its cases are back on the lender’s book and live bids lost.',
  payload: { ...listing },
});

export const ListingAwarded = defineEvent('listing.awarded', {
  aggregate: 'listing',
  description: 'A listing was awarded (by the lender, at the deadline, or at publication for direct and auto-assign listings).',
  payload: {
    ...listing,
    award_id: P.id(),
    mode: P.oneOf(['manual', 'auto', 'deadline', 'direct', 'auto_assign']),
    jobs: P.array(P.object({ job_id: P.id(), lot_key: P.text(), role: P.oneOf(['champion', 'challenger']), partner_org_id: P.id() })),
    unallocated_lot_keys: P.texts(),
  },
});

export const ListingExpired = defineEvent('listing.expired', {
  aggregate: 'listing',
  description: 'The deadline passed without an eligible bid with free capacity; the cases are back on the lender’s book.',
  payload: { ...listing, reason: P.text(), bids: P.int(), case_ids: P.ids() },
});

export const ListingOfferUnfilled = defineEvent('listing.offer_unfilled', {
  aggregate: 'listing',
  description: 'An offer of a lot ended untaken and there is nobody left to offer it to.',
  payload: { ...listing, job_id: P.id(), lot_key: P.text(), why: P.oneOf(['declined', 'expired', 'sla_breached']), case_ids: P.ids(), reoffer_allowed: P.bool() },
});

export const ListingReoffered = defineEvent('listing.reoffered', {
  aggregate: 'listing',
  description: 'An offer ended untaken and the lot was offered to the next-best candidate.',
  payload: { ...listing, lot_key: P.text(), previous_job_id: P.id(), job_id: P.id(), partner_org_id: P.id(), why: P.oneOf(['declined', 'expired', 'sla_breached']) },
});

const bid = {
  bid_id: P.id(),
  ...listing,
  partner_org_id: P.id(),
};

export const BidPlaced = defineEvent('bid.placed', {
  aggregate: 'bid',
  description: 'A partner bid on a listing. Sealed bids stay sealed: the terms are not in the event.',
  payload: { ...bid, partner_name: P.text(), replaces: P.nullable(P.id()) },
});

export const BidReplaced = defineEvent('bid.replaced', {
  aggregate: 'bid',
  description: 'A partner replaced its live bid with a new one (the new bid’s id; `replaces` names the old).',
  payload: { ...bid, partner_name: P.text(), replaces: P.nullable(P.id()) },
});

export const BidWithdrawn = defineEvent('bid.withdrawn', { aggregate: 'bid', description: 'A partner withdrew its live bid.', payload: { ...bid } });

export const BidLost = defineEvent('bid.lost', { aggregate: 'bid', description: 'The listing was awarded and this bid did not win.', payload: { ...bid } });

export const MARKETPLACE_EVENTS = [
  ListingPublished,
  ListingDeadlineChanged,
  ListingCancelled,
  ListingAwarded,
  ListingExpired,
  ListingOfferUnfilled,
  ListingReoffered,
  BidPlaced,
  BidReplaced,
  BidWithdrawn,
  BidLost,
] as const;

export type ListingPublishedPayload = PayloadOf<typeof ListingPublished>;
export type ListingAwardedPayload = PayloadOf<typeof ListingAwarded>;
