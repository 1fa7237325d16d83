import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseLifecycleService, MarketplaceCase } from '../cases/case-lifecycle.service';
import { Principal } from '../common/tenancy/principal';
import { VehiclesService } from '../vehicles/vehicles.service';
import { checkListingTerms, DEFAULT_ACCEPT_HOURS, DEFAULT_PROMISE_GRACE_DAYS, defaultTitle, draftLots, isBiddable, listingRefusals, ListingSpec, splitSpecOf } from './domain/listing-draft';
import { PortfolioLotsError } from './domain/portfolio-lots';
import { FeeSchedulesService } from './fee-schedules.service';
import { Listing, ListingCase, Lot } from './listing.entity';
import { MarketplaceErrors } from './marketplace.errors';

/** A listing built from its terms and checked, ready to be stored (as a draft or published). */
export interface Prepared {
  readonly listing: Listing;
  readonly cases: readonly MarketplaceCase[];
  readonly lots: readonly Lot[];
  readonly listingCases: readonly ListingCase[];
}

/**
 * Builds a listing from what the lender asks for (DESIGN §5): loads the fee schedule, the vehicle
 * and the cases, asks the rules of `domain/listing-draft.ts`, and cuts the lots. Nothing is
 * written; `ListingsService` stores the result as a draft or publishes it.
 */
@Injectable()
export class ListingBuilder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeSchedules: FeeSchedulesService,
    private readonly cases: CaseLifecycleService,
    private readonly vehicles: VehiclesService,
  ) {}

  /** Everything checked before the transaction: refs, rules, cases (unlocked preview), lots. */
  async build(principal: Principal, spec: ListingSpec, identity: Pick<Listing, 'id' | 'createdByUserId' | 'createdAt'>, now: Date): Promise<Prepared> {
    const { errors, terms } = checkListingTerms(spec, now);
    if (errors.length > 0) throw MarketplaceErrors.invalidListing(errors);
    const kind = spec.kind;

    const schedule = await this.feeSchedules.owned(principal, spec.fee_schedule_id);
    if (terms.bounds.max_flat_fee && terms.bounds.max_flat_fee.currency !== schedule.currency) {
      throw MarketplaceErrors.currencyMismatch(`bounds.max_flat_fee is in ${terms.bounds.max_flat_fee.currency} but the fee schedule is in ${schedule.currency}.`);
    }

    let caseIds = spec.case_ids ? [...new Set(spec.case_ids)] : [];
    let regions: string[] = [];
    if (spec.vehicle_id) {
      const vehicle = await this.vehicles.get(principal, spec.vehicle_id);
      if (kind === 'repossession') {
        if (!vehicle.case_id) throw MarketplaceErrors.invalidListing([{ field: 'vehicle_id', code: 'listing.vehicle_without_case', message: 'repossession needs the vehicle’s loan: link the vehicle to its case first' }]);
        caseIds = [vehicle.case_id];
      } else {
        const region = spec.region ?? vehicle.plate_region;
        if (!region) throw MarketplaceErrors.invalidListing([{ field: 'region', code: 'listing.invalid', message: 'give the region of the transport: the vehicle has no plate region' }]);
        regions = [region];
      }
    }
    const preview = caseIds.length > 0 ? await this.cases.loadForMarketplace(this.dataSource.manager, principal.orgId, caseIds) : [];
    this.assertListable(caseIds, preview, schedule.currency);
    if (caseIds.length > 0) regions = [...new Set(preview.map((c) => c.region))].sort();

    let parts;
    try {
      parts = draftLots(preview, terms.split, schedule.currency, regions);
    } catch (e) {
      if (e instanceof PortfolioLotsError) throw MarketplaceErrors.invalidListing(e.errors.length > 0 ? e.errors : [{ field: 'case_ids', code: e.code, message: e.message }]);
      throw e;
    }
    const m = this.dataSource.manager;
    const lots = parts.lots.map((l) =>
      m.create(Lot, { id: randomUUID(), listingId: identity.id, key: l.key, caseIds: l.caseIds, regions: l.regions, totalBalanceAmount: l.totalBalance.amount, currency: l.totalBalance.currency }),
    );
    const listingCases = parts.listingCases.map((c) =>
      m.create(ListingCase, {
        listingId: identity.id,
        caseId: c.caseId,
        lotKey: c.lotKey,
        region: c.region,
        bucket: c.bucket,
        daysPastDue: c.daysPastDue,
        balanceAmount: c.balance.amount,
        currency: c.balance.currency,
        product: c.product,
        hasVehicle: c.hasVehicle,
      }),
    );
    const listing = m.create(Listing, {
      id: identity.id,
      orgId: principal.orgId,
      kind,
      status: 'open',
      biddingMode: spec.bidding_mode,
      title: spec.title?.trim() ?? defaultTitle(kind, caseIds.length, regions),
      description: spec.description?.trim() || null,
      capability: terms.capability,
      regions,
      minScore: spec.min_score ?? null,
      blockedPartnerIds: [...new Set(spec.blocked_partner_ids ?? [])],
      directPartnerId: spec.direct_partner_id ?? null,
      deadline: terms.deadline,
      bounds: terms.bounds,
      feeScheduleId: schedule.id,
      currency: schedule.currency,
      weights: terms.weights,
      splitRule: terms.split,
      challengerShareBps: spec.challenger_share_bps ?? null,
      reoffer: spec.reoffer ?? true,
      acceptHours: spec.accept_hours ?? DEFAULT_ACCEPT_HOURS,
      autoRecallOnBreach: spec.auto_recall_on_breach ?? false,
      promiseGraceDays: spec.promise_grace_days ?? DEFAULT_PROMISE_GRACE_DAYS,
      vehicleId: spec.vehicle_id ?? null,
      createdByUserId: identity.createdByUserId,
      awardedAt: null,
      endedAt: null,
      createdAt: identity.createdAt,
      updatedAt: now,
    });
    return { listing, cases: preview, lots, listingCases };
  }

  /** 422 naming every case that may not be listed and why. */
  assertListable(ids: readonly string[], found: readonly MarketplaceCase[], currency: string): void {
    const refused = listingRefusals(ids, found, currency);
    if (refused.length > 0) throw MarketplaceErrors.casesNotListable(refused);
  }

  /** The terms a stored listing was made from, for re-checking at publication or with edits. */
  async specOf(l: Listing): Promise<ListingSpec> {
    const lots = await this.dataSource.manager.find(Lot, { where: { listingId: l.id }, order: { key: 'ASC' } });
    const byCase = l.kind === 'collection' || l.kind === 'skip_trace';
    return {
      kind: l.kind,
      title: l.title,
      ...(l.description !== null ? { description: l.description } : {}),
      ...(byCase ? { case_ids: lots.flatMap((lot) => lot.caseIds) } : {}),
      ...(l.vehicleId !== null ? { vehicle_id: l.vehicleId } : {}),
      ...(l.kind === 'transport' && l.regions[0] ? { region: l.regions[0] } : {}),
      capability: l.capability,
      ...(l.minScore !== null ? { min_score: l.minScore } : {}),
      blocked_partner_ids: l.blockedPartnerIds,
      bidding_mode: l.biddingMode,
      ...(l.directPartnerId !== null ? { direct_partner_id: l.directPartnerId } : {}),
      ...(isBiddable(l.biddingMode) ? { deadline: l.deadline.toISOString() } : {}),
      bounds: l.bounds,
      fee_schedule_id: l.feeScheduleId,
      weights: l.weights,
      ...(l.splitRule !== null ? { split: splitSpecOf(l.splitRule) } : {}),
      ...(l.challengerShareBps !== null ? { challenger_share_bps: l.challengerShareBps } : {}),
      reoffer: l.reoffer,
      accept_hours: l.acceptHours,
      auto_recall_on_breach: l.autoRecallOnBreach,
      promise_grace_days: l.promiseGraceDays,
    };
  }
}
