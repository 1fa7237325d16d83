import type { Money } from '../common/money';
import { AuctionDeposit, AuctionInvoice, AuctionLot } from './auction-lot.entity';
import type { CoverReach } from './domain/deposit-cover';
import { BiddingState, BiddingTerms, minimumBid, reserveMet } from './domain/proxy-bidding';

/** A buyer's own position on a lot, and how far its deposits and credit line cover it there (null: no deposit needed). */
export interface Standing {
  readonly yourMax: number | null;
  readonly cover: CoverReach | null;
}

export function termsOf(lot: AuctionLot): BiddingTerms {
  return { startPrice: lot.startPrice, reserve: lot.reservePrice, increments: lot.incrementTable };
}

/** The bidding state the lot row carries; `yourMax` fills in the one bidder the decision concerns. */
export function stateOf(lot: AuctionLot, bidder?: string, yourMax?: number | null): BiddingState {
  return {
    leader: lot.leaderOrgId,
    leaderMax: lot.leaderMax ?? 0,
    price: lot.currentPrice ?? 0,
    bidCount: lot.bidCount,
    maxima: bidder && yourMax != null ? { [bidder]: yourMax } : {},
  };
}

const money = (amount: number | null, currency: string): Money | null => (amount === null ? null : { amount, currency });

export function timeLeftSeconds(lot: AuctionLot, now: Date): number | null {
  if (lot.status !== 'live' && lot.status !== 'scheduled') return null;
  return Math.max(0, Math.ceil((lot.endsAt.getTime() - now.getTime()) / 1000));
}

/**
 * A lot as its reader may see it: the hidden reserve only to its lender (buyers learn whether it
 * is met, DESIGN §7); a buyer's own standing only to that buyer.
 */
export function presentLot(lot: AuctionLot, view: { now: Date; isOwner: boolean; buyerOrgId: string | null; standing: Standing | null }) {
  const c = lot.currency;
  const live = lot.status === 'live';
  const buyer = view.buyerOrgId;
  return {
    id: lot.id,
    lender_org_id: lot.orgId,
    status: lot.status,
    vehicle: { id: lot.vehicleId, vin: lot.vin, make: lot.make, model: lot.model, year: lot.year, odometer: lot.odometer, title_status: lot.titleStatus },
    region: lot.region,
    pickup_location: lot.pickupLocation,
    currency: c,
    start_price: { amount: lot.startPrice, currency: c },
    reserve_price: view.isOwner ? money(lot.reservePrice, c) : null,
    seller_fees: view.isOwner ? lot.sellerFees.map((f) => ({ label: f.label, amount: { amount: f.amount, currency: c } })) : null,
    has_reserve: lot.reservePrice !== null,
    reserve_met: reserveMet(termsOf(lot), stateOf(lot)),
    buy_now_price: money(lot.buyNowPrice, c),
    buy_now_available: buyNowAvailable(lot),
    increment_table: lot.incrementTable,
    deposit_required: { amount: lot.depositRequired, currency: c },
    buyer_premium: { bps: lot.buyerPremium.bps, min: { amount: lot.buyerPremium.min, currency: c }, max: money(lot.buyerPremium.max, c) },
    anti_sniping: { window_seconds: lot.antiSnipingWindowSeconds, extension_seconds: lot.antiSnipingExtensionSeconds },
    starts_at: lot.startsAt.toISOString(),
    ends_at: lot.endsAt.toISOString(),
    scheduled_ends_at: lot.scheduledEndsAt.toISOString(),
    time_left_seconds: timeLeftSeconds(lot, view.now),
    current_price: money(lot.currentPrice, c),
    bid_count: lot.bidCount,
    minimum_bid: live && buyer ? { amount: minimumBid(termsOf(lot), stateOf(lot, buyer, view.standing?.yourMax), buyer), currency: c } : null,
    my_standing:
      buyer && view.standing
        ? { leading: lot.leaderOrgId === buyer, your_max: money(view.standing.yourMax, c), cover: view.standing.cover && { sources: view.standing.cover.sources, up_to: { amount: view.standing.cover.upTo, currency: c } } }
        : null,
    sold_by: lot.soldBy,
    hammer_price: money(lot.hammerPrice, c),
    closed_at: lot.closedAt?.toISOString() ?? null,
    created_at: lot.createdAt.toISOString(),
    condition_report: lot.conditionReport && {
      recovered_at: lot.conditionReport.recoveredAt,
      notes: lot.conditionReport.notes,
      odometer: lot.conditionReport.odometer,
      keys_recovered: lot.conditionReport.keysRecovered,
      lender_note: lot.conditionReport.lenderNote,
    },
    photos: lot.photos.map((p) => ({ id: p.id, url: `/v1/auctions/${lot.id}/photos/${p.id}`, content_type: p.contentType, taken_at: p.takenAt })),
  };
}

export function presentBidAnswer(lot: AuctionLot, bidder: string, yourMax: number, bidId: string) {
  const c = lot.currency;
  return {
    bid_id: bidId,
    leading: lot.leaderOrgId === bidder,
    current_price: { amount: lot.currentPrice ?? lot.startPrice, currency: c },
    your_max: { amount: yourMax, currency: c },
    ends_at: lot.endsAt.toISOString(),
    reserve_met: reserveMet(termsOf(lot), stateOf(lot)),
    bid_count: lot.bidCount,
    status: lot.status,
  };
}

export function presentDeposit(d: AuctionDeposit) {
  return {
    id: d.id,
    lot_id: d.lotId,
    kind: d.lotId === null ? 'standing' : 'lot',
    amount: { amount: d.amount, currency: d.currency },
    covers_up_to: { amount: d.coversUpTo, currency: d.currency },
    status: d.status,
    payment_intent_id: d.paymentIntentId,
    created_at: d.createdAt.toISOString(),
    released_at: d.releasedAt?.toISOString() ?? null,
    expires_at: d.expiresAt?.toISOString() ?? null,
    captured: d.capturedAmount ? { amount: d.capturedAmount, currency: d.currency } : null,
    captured_at: d.capturedAt?.toISOString() ?? null,
  };
}

export function presentInvoice(i: AuctionInvoice) {
  const money = (amount: number) => ({ amount, currency: i.currency });
  return {
    id: i.id,
    lot_id: i.lotId,
    buyer_org_id: i.buyerOrgId,
    lender_org_id: i.lenderOrgId,
    hammer_price: money(i.hammerPrice),
    buyer_premium: money(i.buyerPremium),
    total: money(i.total),
    deposit_applied: money(i.depositApplied),
    balance_due: money(i.balanceDue),
    due_on: i.dueOn,
    status: i.status,
    created_at: i.createdAt.toISOString(),
    paid_at: i.paidAt?.toISOString() ?? null,
    paid_via: i.paidVia ?? null,
    payment_intent_id: i.paymentIntentId ?? null,
    transfer_reference: i.transferReference ?? null,
  };
}

/** DESIGN §7: buy-now is offered on a live lot while the current price is below the buy-now price. */
export function buyNowAvailable(lot: AuctionLot): boolean {
  return lot.status === 'live' && lot.buyNowPrice !== null && (lot.currentPrice ?? 0) < lot.buyNowPrice;
}
