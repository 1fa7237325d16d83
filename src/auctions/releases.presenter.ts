import { daysStored, storageExpense } from '../settlement/domain/holding-charges';
import type { AuctionLot } from './auction-lot.entity';
import type { AuctionRelease } from './auction-release.entity';

/** Storage from `stored_at` until pick-up (or `now` while the vehicle waits), priced by the pure rule the settlement uses. */
export function storageOf(r: AuctionRelease, now: Date) {
  if (!r.storedAt || !r.storageTerms) return null;
  const until = r.pickedUpAt ?? now;
  const stay = { storedAt: r.storedAt, endedAt: until };
  const expense = storageExpense(r.storageTerms, [stay], r.holderOrgId, r.jobId ?? undefined);
  return {
    stored_at: r.storedAt.toISOString(),
    until: until.toISOString(),
    final: r.pickedUpAt !== null,
    days: daysStored(stay),
    free_days: r.storageTerms.free_storage_days ?? 0,
    daily_rate: r.storageTerms.storage_per_day ?? null,
    charge: expense?.amount ?? { amount: 0, currency: r.storageTerms.currency },
    basis: expense?.basis ?? 'no storage charge under the frozen terms',
  };
}

/** A release order; the code only to the buyer (the holder must be shown it at the gate). */
export function presentRelease(r: AuctionRelease, lot: AuctionLot, view: { readonly callerOrgId: string; readonly now: Date }) {
  return {
    id: r.id,
    lot_id: r.lotId,
    invoice_id: r.invoiceId,
    vehicle: { id: r.vehicleId, vin: lot.vin, make: lot.make, model: lot.model, year: lot.year },
    buyer_org_id: r.buyerOrgId,
    lender_org_id: r.lenderOrgId,
    holder_org_id: r.holderOrgId,
    job_id: r.jobId,
    yard_id: r.yardId,
    pickup_location: lot.pickupLocation,
    status: r.status,
    release_code: view.callerOrgId === r.buyerOrgId ? r.releaseCode : null,
    failed_attempts: r.failedAttempts,
    storage: storageOf(r, view.now),
    picked_up_at: r.pickedUpAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
  };
}
