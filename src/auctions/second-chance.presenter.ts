import { SecondChanceOffer } from './second-chance-offer.entity';

/** A second-chance offer as its buyer (and the lot's lender) sees it. */
export function presentOffer(o: SecondChanceOffer, now: Date) {
  const money = (amount: number) => ({ amount, currency: o.currency });
  return {
    id: o.id,
    lot_id: o.lotId,
    lender_org_id: o.lenderOrgId,
    buyer_org_id: o.buyerOrgId,
    rank: o.rank,
    price: money(o.price),
    deposit_required: money(o.depositRequired),
    status: o.status,
    offered_at: o.createdAt.toISOString(),
    expires_at: o.expiresAt.toISOString(),
    time_left_seconds: o.status === 'open' ? Math.max(0, Math.ceil((o.expiresAt.getTime() - now.getTime()) / 1000)) : null,
    decided_at: o.decidedAt?.toISOString() ?? null,
    invoice_id: o.invoiceId,
  };
}
