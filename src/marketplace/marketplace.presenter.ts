import { JsonObject } from '../common/json';
import type { ListedVehicle } from '../vehicles/vehicle-field.service';
import { balanceBand } from './domain/balance-band';
import { Bid } from './bid.entity';
import { FeeScheduleVersion } from './fee-schedule.entity';
import { Listing, ListingCase, Lot } from './listing.entity';

type MaskedBorrower = { name: string; city: string | null; postal_code: string | null; region: string; timezone: string };

/**
 * A listing as its lender or an eligible partner reads it: the fee schedule in full (bidders see
 * it before bidding, DESIGN §5), the lots, and the cases without PII beyond the masked borrower.
 * The lender's blocked list stays with the lender.
 */
export function presentListing(
  l: Listing,
  options: {
    lots: readonly Lot[];
    schedule: FeeScheduleVersion;
    forLender: boolean;
    cases?: readonly ListingCase[];
    borrowers?: ReadonlyMap<string, MaskedBorrower>;
    vehicles?: ReadonlyMap<string, ListedVehicle>;
    eligibleLots?: readonly string[];
  },
): JsonObject {
  return {
    id: l.id,
    lender_org_id: l.orgId,
    kind: l.kind,
    status: l.status,
    bidding_mode: l.biddingMode,
    title: l.title,
    description: l.description,
    capability: l.capability,
    regions: l.regions,
    min_score: l.minScore,
    deadline: l.deadline.toISOString(),
    bounds: l.bounds,
    weights: l.weights,
    fee_schedule: { id: options.schedule.id, name: options.schedule.name, version: options.schedule.version, currency: options.schedule.currency, schedule: options.schedule.schedule },
    currency: l.currency,
    split: l.splitRule,
    challenger_share_bps: l.challengerShareBps,
    reoffer: l.reoffer,
    accept_hours: l.acceptHours,
    auto_recall_on_breach: l.autoRecallOnBreach,
    promise_grace_days: l.promiseGraceDays,
    vehicle_id: l.vehicleId,
    lots: options.lots.map((lot) => ({
      key: lot.key,
      case_count: lot.caseIds.length,
      regions: lot.regions,
      total_balance: { amount: lot.totalBalanceAmount, currency: lot.currency },
    })),
    ...(options.cases
      ? {
          cases: options.cases.map((c) => ({
            case_id: c.caseId,
            lot_key: c.lotKey,
            product: c.product,
            region: c.region,
            bucket: c.bucket,
            days_past_due: c.daysPastDue,
            balance: { amount: c.balanceAmount, currency: c.currency },
            balance_band: balanceBand({ amount: c.balanceAmount, currency: c.currency }),
            has_vehicle: c.hasVehicle,
            vehicle: options.vehicles?.get(c.caseId) ?? null,
            borrower: options.borrowers?.get(c.caseId) ?? null,
          })),
        }
      : {}),
    ...(options.eligibleLots ? { eligible_lots: options.eligibleLots } : {}),
    ...(options.forLender ? { blocked_partner_ids: l.blockedPartnerIds, direct_partner_id: l.directPartnerId } : {}),
    awarded_at: l.awardedAt?.toISOString() ?? null,
    ended_at: l.endedAt?.toISOString() ?? null,
    created_at: l.createdAt.toISOString(),
    updated_at: l.updatedAt.toISOString(),
  };
}

export function presentBid(b: Bid): JsonObject {
  return {
    id: b.id,
    listing_id: b.listingId,
    partner_org_id: b.partnerOrgId,
    status: b.status,
    contingency_bps: b.contingencyBps,
    flat_fee: b.flatFeeAmount !== null ? { amount: b.flatFeeAmount, currency: b.flatFeeCurrency } : null,
    sla: { first_action_hours: b.firstActionHours, completion_days: b.completionDays },
    lot_keys: b.lotKeys,
    note: b.note,
    placed_at: b.placedAt.toISOString(),
  };
}

/**
 * In `open` mode bidders see the best current terms (DESIGN §5): the lowest of each term among
 * live bids, without who proposed them or how many bids there are.
 */
export function bestTerms(live: readonly Bid[]): JsonObject | null {
  if (live.length === 0) return null;
  const min = (xs: (number | null)[]) => {
    const present = xs.filter((x): x is number => x !== null);
    return present.length > 0 ? Math.min(...present) : null;
  };
  const flat = min(live.map((b) => b.flatFeeAmount));
  return {
    contingency_bps: min(live.map((b) => b.contingencyBps)),
    flat_fee: flat !== null ? { amount: flat, currency: live.find((b) => b.flatFeeAmount === flat)!.flatFeeCurrency } : null,
    sla: { first_action_hours: min(live.map((b) => b.firstActionHours)), completion_days: min(live.map((b) => b.completionDays)) },
  };
}
