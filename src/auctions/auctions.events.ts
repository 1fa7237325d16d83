import { defineEvent, P } from '../common/outbox/event-definition';
import { LOT_STATUSES } from './domain/lot-status';

const lot = { lot_id: P.id(), lender_org_id: P.id(), vehicle_id: P.id(), status: P.oneOf(LOT_STATUSES) };

export const AuctionScheduled = defineEvent('auction.scheduled', {
  aggregate: 'auction_lot',
  description: 'A lender scheduled a lot (DESIGN §7); it opens at starts_at.',
  payload: { ...lot, starts_at: P.timestamp(), ends_at: P.timestamp() },
});

export const AuctionOpened = defineEvent('auction.opened', {
  aggregate: 'auction_lot',
  description: 'A lot went live and takes bids until ends_at.',
  payload: { ...lot, ends_at: P.timestamp() },
});

export const AuctionBidAccepted = defineEvent('auction.bid_accepted', {
  aggregate: 'auction_lot',
  description: 'A bid was accepted (a proxy maximum, kept hidden); the price, the leader and the end (anti-sniping) after it.',
  payload: { ...lot, bid_id: P.id(), seq: P.int(), bidder_org_id: P.id(), current_price: P.money(), bid_count: P.int(), ends_at: P.timestamp(), reserve_met: P.bool(), extended: P.bool() },
});

export const AuctionOutbid = defineEvent('auction.outbid', {
  aggregate: 'auction_lot',
  description: 'A buyer lost the lead on a lot (DESIGN §9); the previous leader is told the new price.',
  payload: { ...lot, outbid_org_id: P.id(), current_price: P.money(), ends_at: P.timestamp() },
});

export const AuctionClosed = defineEvent('auction.closed', {
  aggregate: 'auction_lot',
  description: 'A lot closed: sold (reserve met, or bought now) or no_sale (reserve not met, or no bid).',
  payload: { ...lot, outcome: P.oneOf(['sold', 'no_sale'] as const), sold_by: P.nullable(P.oneOf(['auction', 'buy_now'] as const)), winner_org_id: P.nullable(P.id()), hammer_price: P.nullable(P.money()), bid_count: P.int() },
});

export const AuctionDepositAuthorised = defineEvent('auction.deposit_authorised', {
  aggregate: 'auction_deposit',
  description: 'A buyer’s deposit hold was authorised at Stripe (manual capture): on a lot, or standing (`lot_id` null) for its bids on any lot in its currency.',
  payload: { deposit_id: P.id(), lot_id: P.nullable(P.id()), buyer_org_id: P.id(), amount: P.money(), covers_up_to: P.money(), payment_intent_id: P.text() },
});

export const AuctionDepositsReleased = defineEvent('auction.deposits_released', {
  aggregate: 'auction_lot',
  description: 'At close the holds of every buyer but the winner were released.',
  payload: { lot_id: P.id(), deposit_ids: P.ids(), held_for_invoice: P.nullable(P.id()) },
});

export const AuctionInvoiceIssued = defineEvent('auction.invoice_issued', {
  aggregate: 'auction_invoice',
  description: 'The winner of a lot was invoiced: hammer + buyer premium, the deposit applied, due in 2 business days.',
  payload: { invoice_id: P.id(), lot_id: P.id(), buyer_org_id: P.id(), total: P.money(), balance_due: P.money(), due_on: P.day() },
});

export const AuctionCancelled = defineEvent('auction.cancelled', {
  aggregate: 'auction_lot',
  description: 'The lender cancelled a lot before it closed (e.g. the borrower redeemed); every hold is released and bidders are told.',
  payload: { ...lot, reason: P.text(), bid_count: P.int() },
});

export const AuctionInvoicePaid = defineEvent('auction.invoice_paid', {
  aggregate: 'auction_invoice',
  description: 'The winner paid its invoice (Stripe, or a bank transfer a platform admin confirmed): the deposit applied, the lot paid; a release order goes to the yard.',
  payload: { invoice_id: P.id(), lot_id: P.id(), vehicle_id: P.id(), buyer_org_id: P.id(), lender_org_id: P.id(), paid_via: P.oneOf(['stripe', 'bank_transfer'] as const), total: P.money(), deposit_applied: P.money(), balance_paid: P.money(), paid_at: P.timestamp() },
});

export const AuctionReleaseOrdered = defineEvent('auction.release_ordered', {
  aggregate: 'auction_release',
  description: 'A paid lot’s release order reached the org holding the vehicle (the tow operator whose yard stored it); the buyer holds the release code, which no event carries.',
  payload: { release_id: P.id(), lot_id: P.id(), vehicle_id: P.id(), vin: P.text(), buyer_org_id: P.id(), holder_org_id: P.id(), pickup_name: P.text(), pickup_address: P.text() },
});

export const AuctionReleased = defineEvent('auction.released', {
  aggregate: 'auction_release',
  description: 'The yard confirmed the buyer’s pick-up with the release code: the vehicle and the lot are released; the storage until pick-up is itemised.',
  payload: { release_id: P.id(), lot_id: P.id(), vehicle_id: P.id(), vin: P.text(), buyer_org_id: P.id(), holder_org_id: P.id(), picked_up_at: P.timestamp(), storage_days: P.int(), storage_charge: P.nullable(P.money()) },
});

export const AuctionStandingDepositReleased = defineEvent('auction.standing_deposit_released', {
  aggregate: 'auction_deposit',
  description: 'A buyer let its standing deposit go (nothing it covered was open, or it had lapsed at Stripe); the hold is cancelled at Stripe.',
  payload: { deposit_id: P.id(), buyer_org_id: P.id(), amount: P.money() },
});

export const AuctionCreditLineSet = defineEvent('auction.credit_line_set', {
  aggregate: 'auction_credit_line',
  description: 'A platform admin set (or reinstated) a buyer’s credit line: it covers the buyer’s bids up to the limit, with its standing deposit.',
  payload: { buyer_org_id: P.id(), limit: P.money(), reason: P.text() },
});

export const AuctionCreditLineSuspended = defineEvent('auction.credit_line_suspended', {
  aggregate: 'auction_credit_line',
  description: 'The buyer defaulted on a lot its credit line and standing deposit covered: the line covers nothing until an admin sets it again.',
  payload: { buyer_org_id: P.id(), limit: P.money(), reason: P.text() },
});

export const AuctionInvoiceDefaulted = defineEvent('auction.invoice_defaulted', {
  aggregate: 'auction_invoice',
  description: 'An auction invoice was still unpaid when its due day was over (issue 15): the buyer’s deposit hold was captured as forfeit (platform revenue) and the lot goes to the next bidder or back to the lender.',
  payload: { invoice_id: P.id(), lot_id: P.id(), buyer_org_id: P.id(), lender_org_id: P.id(), balance_due: P.money(), due_on: P.day(), forfeited: P.nullable(P.money()) },
});

const offer = { offer_id: P.id(), lot_id: P.id(), lender_org_id: P.id(), buyer_org_id: P.id(), rank: P.int(), price: P.money() };

export const AuctionSecondChanceOffered = defineEvent('auction.second_chance_offered', {
  aggregate: 'auction_lot',
  description: 'The winner did not pay: the next bidder is offered the lot at their own maximum until expires_at (accept or decline).',
  payload: { ...offer, deposit_required: P.money(), expires_at: P.timestamp() },
});

export const AuctionSecondChanceAccepted = defineEvent('auction.second_chance_accepted', {
  aggregate: 'auction_lot',
  description: 'A second-chance offer was accepted: the lot is sold to that buyer, invoiced at the offer price.',
  payload: { ...offer, invoice_id: P.id() },
});

export const AuctionSecondChanceDeclined = defineEvent('auction.second_chance_declined', {
  aggregate: 'auction_lot',
  description: 'A second-chance offer was declined, or lapsed unanswered (`expired`); the next bidder is offered the lot, or it goes back to the lender.',
  payload: { ...offer, outcome: P.oneOf(['declined', 'expired'] as const) },
});

export const AuctionReturnedToLender = defineEvent('auction.returned_to_lender', {
  aggregate: 'auction_lot',
  description: 'No buyer is left for a lot whose winner did not pay: the vehicle is back in storage for the lender to relist.',
  payload: { ...lot, reason: P.oneOf(['no_bidder_left', 'below_reserve'] as const) },
});

export const AuctionHighBidAccepted = defineEvent('auction.high_bid_accepted', {
  aggregate: 'auction_lot',
  description: 'The lender accepted the high bid of a lot that closed below its reserve (within 24 h): sold to the high bidder at the current price.',
  payload: { ...lot, buyer_org_id: P.id(), hammer_price: P.money(), invoice_id: P.id() },
});

export const AuctionSettlementBlocked = defineEvent('auction.settlement_blocked', {
  aggregate: 'auction_lot',
  description: 'A paid lot could not be settled (issue 16): the payment stands, the hammer price stays in the lender’s auction escrow until the lender corrects what the settlement refused and settles again (`POST /v1/auctions/:id/settle`).',
  payload: { lot_id: P.id(), vehicle_id: P.id(), invoice_id: P.id(), code: P.text(), detail: P.text() },
});

export const AuctionSaleNoticeRecorded = defineEvent('auction.sale_notice_recorded', {
  aggregate: 'vehicle',
  description: 'A lender recorded the notice of plan to sell it sent the borrower (UCC §9-611/§9-614); a lot opens on or after earliest_sale_on.',
  payload: { sale_notice_id: P.id(), vehicle_id: P.id(), case_id: P.id(), sent_on: P.day(), earliest_sale_on: P.day(), redemption_amount: P.money() },
});

export const VehicleRedeemed = defineEvent('vehicle.redeemed', {
  aggregate: 'vehicle',
  description: 'The borrower redeemed the vehicle before its sale was final (UCC §9-623): its lot, if any, was cancelled and every hold released; the lender and the lot’s bidders are told.',
  payload: { redemption_id: P.id(), vehicle_id: P.id(), case_id: P.id(), lot_id: P.nullable(P.id()), amount_paid: P.money(), required: P.money(), paid_on: P.day() },
});

export const AUCTION_EVENTS = [
  AuctionScheduled,
  AuctionOpened,
  AuctionBidAccepted,
  AuctionOutbid,
  AuctionClosed,
  AuctionDepositAuthorised,
  AuctionDepositsReleased,
  AuctionStandingDepositReleased,
  AuctionCreditLineSet,
  AuctionCreditLineSuspended,
  AuctionInvoiceIssued,
  AuctionCancelled,
  AuctionInvoicePaid,
  AuctionReleaseOrdered,
  AuctionReleased,
  AuctionInvoiceDefaulted,
  AuctionSecondChanceOffered,
  AuctionSecondChanceAccepted,
  AuctionSecondChanceDeclined,
  AuctionReturnedToLender,
  AuctionHighBidAccepted,
  AuctionSettlementBlocked,
  AuctionSaleNoticeRecorded,
  VehicleRedeemed,
] as const;
