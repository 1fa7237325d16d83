import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { CaseLifecycleService, MarketplaceCase } from '../cases/case-lifecycle.service';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate } from '../common/pagination/pagination';
import { FieldError } from '../common/problem/problem';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { JobOffers } from '../jobs/job-offers.service';
import { Capability } from '../partners/domain/eligibility';
import { PartnerEligibilityService } from '../partners/partner-eligibility.service';
import { VehiclesService } from '../vehicles/vehicles.service';
import { AwardService } from './award.service';
import { Bid } from './bid.entity';
import { ListingBounds, validateListingBounds } from './domain/bid-bounds';
import { DEFAULT_WEIGHTS, ScoringWeights, validateWeights } from './domain/bid-scoring';
import { Bucket } from './domain/fee-schedule';
import { DEFAULT_ACCEPT_HOURS } from '../jobs/domain/job-status';
import { WorkKind } from '../jobs/domain/work-kind';
import { FLAT_FEE_EVENT_OF_KIND } from './domain/job-terms';
import { LISTING_STATE_MACHINE } from './domain/listing-state';
import { PortfolioCase, PortfolioLotsError, SplitRule, splitPortfolio } from './domain/portfolio-lots';
import { CreateListingDto, ListingQuery, UpdateListingDto } from './dto/listing.dto';
import { FeeScheduleVersion } from './fee-schedule.entity';
import { FeeSchedulesService } from './fee-schedules.service';
import { ListingEligibilityService, PartnerStanding } from './listing-eligibility.service';
import { Listing, ListingCase, Lot } from './listing.entity';
import { MarketplaceErrors, Reason } from './marketplace.errors';
import { bestTerms, presentBid, presentListing } from './marketplace.presenter';

/** Capabilities that may do each kind of work; the first is the default. */
const CAPABILITIES_OF_KIND: { readonly [K in WorkKind]: readonly Capability[] } = {
  collection: ['soft_collection', 'field_visit', 'legal'],
  repossession: ['repossession'],
  transport: ['transport'],
  skip_trace: ['skip_trace'],
};

/** Case statuses a listing may take a case from (DESIGN §4: new, or back from a recall or return). */
const LISTABLE = new Set(['new', 'recalled', 'returned']);
const MAX_DEADLINE_DAYS = 90;
const SINGLE_LOT = 'all';

interface Draft {
  readonly listing: Listing;
  readonly cases: readonly MarketplaceCase[];
  readonly lots: readonly Lot[];
  readonly listingCases: readonly ListingCase[];
}

/**
 * Listings (DESIGN §5): a lender publishes work with its eligibility, bidding mode, deadline,
 * bounds and fee schedule; partners see only what they are eligible for, with PII masked.
 */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeSchedules: FeeSchedulesService,
    private readonly cases: CaseLifecycleService,
    private readonly vehicles: VehiclesService,
    private readonly eligibility: ListingEligibilityService,
    private readonly awards: AwardService,
    private readonly jobOffers: JobOffers,
    private readonly partners: PartnerEligibilityService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  // ---- publish -------------------------------------------------------------------------------

  async create(principal: Principal, dto: CreateListingDto): Promise<JsonObject> {
    const now = this.clock.now();
    const draft = await this.draft(principal, dto, now);
    const { listing } = draft;
    // direct / auto_assign: who is offered the work is decided before any lock is taken.
    let standings: Map<string, PartnerStanding> | null = null;
    if (listing.biddingMode === 'direct') {
      standings = await this.eligibility.standings(listing, draft.lots, [listing.directPartnerId!]);
      const s = standings.get(listing.directPartnerId!)!;
      const free = (await this.eligibility.freeCapacity(standings)).get(s.partnerOrgId) ?? 0;
      const reasons: Reason[] = [...s.reasons];
      if (free <= 0) reasons.push({ code: 'partner.no_capacity', message: 'the partner has no free capacity (max concurrent jobs reached)' });
      if (s.eligibleLots.length === 0 || free <= 0) throw MarketplaceErrors.partnerNotEligible('listing.partner_not_eligible', reasons, 'The named partner may not take this work.');
    } else if (listing.biddingMode === 'auto_assign') {
      const candidates = (await this.partners.candidates(listing.capability)).filter((id) => !listing.blockedPartnerIds.includes(id));
      standings = await this.eligibility.standings(listing, draft.lots, candidates);
    }

    const outcome = await this.dataSource.transaction(async (manager) => {
      await this.recheckCases(manager, principal.orgId, draft);
      await manager.insert(Listing, listing);
      await manager.insert(Lot, [...draft.lots]);
      if (draft.listingCases.length > 0) await manager.insert(ListingCase, [...draft.listingCases]);
      if (draft.cases.length > 0) await this.cases.markListed(manager, principal.orgId, draft.cases.map((c) => c.id), { reason: `listed on ${listing.id}` });
      await this.outbox.record(manager, {
        type: 'listing.published',
        aggregateType: 'listing',
        aggregateId: listing.id,
        orgIds: [listing.orgId],
        payload: { listing_id: listing.id, kind: listing.kind, bidding_mode: listing.biddingMode, regions: listing.regions, capability: listing.capability, deadline: listing.deadline.toISOString() },
      });
      if (standings) return this.awards.awardAtPublish(manager, listing, draft.lots, standings, principal);
      return null;
    });
    if (outcome) await this.awards.afterAward(listing.id, outcome.jobs);
    else await this.awards.scheduleDeadline(listing);
    return this.get(principal, listing.id);
  }

  /** Everything checked before the transaction: refs, rules, cases (unlocked preview), lots. */
  private async draft(principal: Principal, dto: CreateListingDto, now: Date): Promise<Draft> {
    const errors: FieldError[] = [];
    const err = (field: string, message: string) => errors.push({ field, code: 'listing.invalid', message });
    const kind = dto.kind;
    const capability = dto.capability ?? CAPABILITIES_OF_KIND[kind][0]!;
    if (!CAPABILITIES_OF_KIND[kind].includes(capability)) err('capability', `${kind} work is done with ${CAPABILITIES_OF_KIND[kind].join(' or ')}`);
    const byCase = kind === 'collection' || kind === 'skip_trace';
    if (byCase && !dto.case_ids) err('case_ids', `${kind} listings list cases: give case_ids`);
    if (byCase && dto.vehicle_id) err('vehicle_id', `${kind} listings list cases, not a vehicle`);
    if (!byCase && !dto.vehicle_id) err('vehicle_id', `${kind} listings are for a vehicle: give vehicle_id`);
    if (!byCase && dto.case_ids) err('case_ids', `a ${kind} listing takes its case from the vehicle`);
    if (dto.region && kind !== 'transport') err('region', 'the region is taken from the cases');
    const biddable = dto.bidding_mode === 'sealed' || dto.bidding_mode === 'open';
    if (dto.bidding_mode === 'direct' && !dto.direct_partner_id) err('direct_partner_id', 'a direct listing names the partner');
    if (dto.bidding_mode !== 'direct' && dto.direct_partner_id) err('direct_partner_id', 'only a direct listing names a partner');
    if (dto.direct_partner_id && dto.blocked_partner_ids?.includes(dto.direct_partner_id)) err('direct_partner_id', 'the named partner is also blocked');
    let deadline = now;
    if (biddable) {
      if (!dto.deadline) err('deadline', `a ${dto.bidding_mode} listing needs a deadline`);
      else {
        deadline = new Date(dto.deadline);
        if (deadline.getTime() <= now.getTime()) err('deadline', 'must be in the future');
        if (deadline.getTime() > now.getTime() + MAX_DEADLINE_DAYS * 86_400_000) err('deadline', `must be within ${MAX_DEADLINE_DAYS} days`);
      }
    } else if (dto.deadline) err('deadline', `a ${dto.bidding_mode} listing is offered at once and has no deadline`);
    const bounds = (dto.bounds ?? {}) as ListingBounds;
    errors.push(...validateListingBounds(bounds).map((e) => ({ ...e, field: `bounds.${e.field}` })));
    if (bounds.max_flat_fee && FLAT_FEE_EVENT_OF_KIND[kind] === null) err('bounds.max_flat_fee', `${kind} work is paid by contingency, not a flat fee`);
    // Weights the lender leaves out keep their defaults (DESIGN §5).
    const given = Object.entries(dto.weights ?? {}).filter(([, v]) => v !== undefined);
    const weights: ScoringWeights = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(given) };
    errors.push(...validateWeights(weights));
    if (dto.split && kind !== 'collection' && kind !== 'skip_trace') err('split', 'only a portfolio of cases is split into lots');
    if (dto.challenger_share_bps !== undefined && (dto.challenger_share_bps < 1 || dto.challenger_share_bps > 5000)) err('challenger_share_bps', 'must be from 1 to 5000');
    if (dto.challenger_share_bps !== undefined && !biddable && dto.bidding_mode !== 'auto_assign') err('challenger_share_bps', 'a direct listing has one partner');
    if (errors.length > 0) throw MarketplaceErrors.invalidListing(errors);

    const schedule: FeeScheduleVersion = await this.feeSchedules.owned(principal, dto.fee_schedule_id);
    if (bounds.max_flat_fee && bounds.max_flat_fee.currency !== schedule.currency) {
      throw MarketplaceErrors.currencyMismatch(`bounds.max_flat_fee is in ${bounds.max_flat_fee.currency} but the fee schedule is in ${schedule.currency}.`);
    }

    let caseIds = dto.case_ids ? [...new Set(dto.case_ids)] : [];
    let regions: string[] = [];
    if (dto.vehicle_id) {
      const vehicle = await this.vehicles.get(principal, dto.vehicle_id);
      if (kind === 'repossession') {
        if (!vehicle.case_id) throw MarketplaceErrors.invalidListing([{ field: 'vehicle_id', code: 'listing.vehicle_without_case', message: 'repossession needs the vehicle’s loan: link the vehicle to its case first' }]);
        caseIds = [vehicle.case_id];
      } else {
        const region = dto.region ?? vehicle.plate_region;
        if (!region) throw MarketplaceErrors.invalidListing([{ field: 'region', code: 'listing.invalid', message: 'give the region of the transport: the vehicle has no plate region' }]);
        regions = [region];
      }
    }
    const preview = caseIds.length > 0 ? await this.cases.loadForMarketplace(this.dataSource.manager, principal.orgId, caseIds) : [];
    this.assertListable(caseIds, preview, schedule.currency);
    if (caseIds.length > 0) regions = [...new Set(preview.map((c) => c.region))].sort();

    const id = randomUUID();
    const split = dto.split ? this.splitRule(dto.split) : null;
    let lots: Lot[];
    const listingCases: ListingCase[] = [];
    if (preview.length > 0) {
      const portfolio: PortfolioCase[] = preview.map((c) => ({ id: c.id, region: c.region, bucket: c.delinquency.bucket as Bucket, balance: c.balance }));
      let parts;
      try {
        parts = split ? splitPortfolio(portfolio, split) : splitPortfolio(portfolio, { kind: 'even', lots: 1 });
      } catch (e) {
        if (e instanceof PortfolioLotsError) throw MarketplaceErrors.invalidListing(e.errors.length > 0 ? e.errors : [{ field: 'case_ids', code: e.code, message: e.message }]);
        throw e;
      }
      lots = parts.map((p) => {
        const key = split ? p.key : SINGLE_LOT;
        return this.dataSource.manager.create(Lot, {
          id: randomUUID(),
          listingId: id,
          key,
          caseIds: p.cases.map((c) => c.id),
          regions: [...new Set(p.cases.map((c) => c.region))].sort(),
          totalBalanceAmount: p.total_balance.amount,
          currency: p.total_balance.currency,
        });
      });
      const lotOf = new Map(lots.flatMap((l) => l.caseIds.map((c) => [c, l.key] as const)));
      for (const c of preview) {
        listingCases.push(
          this.dataSource.manager.create(ListingCase, {
            listingId: id,
            caseId: c.id,
            lotKey: lotOf.get(c.id)!,
            region: c.region,
            bucket: c.delinquency.bucket,
            daysPastDue: c.delinquency.days_past_due,
            balanceAmount: c.balance.amount,
            currency: c.balance.currency,
            product: c.product,
            hasVehicle: c.hasVehicle,
          }),
        );
      }
    } else {
      lots = [this.dataSource.manager.create(Lot, { id: randomUUID(), listingId: id, key: SINGLE_LOT, caseIds: [], regions, totalBalanceAmount: 0, currency: schedule.currency })];
    }

    const listing = this.dataSource.manager.create(Listing, {
      id,
      orgId: principal.orgId,
      kind,
      status: 'open',
      biddingMode: dto.bidding_mode,
      title: dto.title?.trim() ?? (caseIds.length > 1 ? `${kind.replace('_', ' ')}: portfolio of ${caseIds.length} cases` : `${kind.replace('_', ' ')} in ${regions.join(', ')}`),
      description: dto.description?.trim() || null,
      capability,
      regions,
      minScore: dto.min_score ?? null,
      blockedPartnerIds: [...new Set(dto.blocked_partner_ids ?? [])],
      directPartnerId: dto.direct_partner_id ?? null,
      deadline,
      bounds,
      feeScheduleId: schedule.id,
      currency: schedule.currency,
      weights,
      splitRule: split,
      challengerShareBps: dto.challenger_share_bps ?? null,
      reoffer: dto.reoffer ?? true,
      acceptHours: dto.accept_hours ?? DEFAULT_ACCEPT_HOURS,
      vehicleId: dto.vehicle_id ?? null,
      createdByUserId: principal.userId,
      awardedAt: null,
      endedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return { listing, cases: preview, lots, listingCases };
  }

  private splitRule(dto: NonNullable<CreateListingDto['split']>): SplitRule {
    switch (dto.kind) {
      case 'by_balance_band':
        return { kind: 'by_balance_band', thresholds: dto.thresholds ?? [] };
      case 'even':
        return { kind: 'even', lots: dto.lots ?? 0 };
      default:
        return { kind: dto.kind };
    }
  }

  /** 422 naming every case that may not be listed and why (DESIGN §4 holds, status, currency). */
  private assertListable(ids: readonly string[], found: readonly MarketplaceCase[], currency: string): void {
    const byId = new Map(found.map((c) => [c.id, c]));
    const refused: { case_id: string; reasons: Reason[] }[] = [];
    for (const id of ids) {
      const c = byId.get(id);
      const reasons: Reason[] = [];
      if (!c) reasons.push({ code: 'case.not_found', message: 'no case of yours with this id' });
      else {
        if (!LISTABLE.has(c.status)) {
          reasons.push({ code: c.status === 'listed' ? 'case.already_listed' : 'case.not_listable_status', message: c.status === 'listed' ? 'the case is already listed' : `the case is ${c.status}; only new, recalled or returned cases are listed` });
        }
        for (const b of c.listingBlockers) reasons.push({ code: `case.${b.flag}`, message: b.reason });
        if (c.balance.currency !== currency) reasons.push({ code: 'case.currency_mismatch', message: `the case is in ${c.balance.currency} but the fee schedule is in ${currency}` });
        if (c.delinquency.bucket === 'current') reasons.push({ code: 'case.not_delinquent', message: 'the case is not past due' });
      }
      if (reasons.length > 0) refused.push({ case_id: id, reasons });
    }
    if (refused.length > 0) throw MarketplaceErrors.casesNotListable(refused);
  }

  /** Under lock: the preview still holds (nobody listed or flagged the cases meanwhile). */
  private async recheckCases(manager: EntityManager, orgId: string, draft: Draft): Promise<void> {
    if (draft.cases.length === 0) return;
    const ids = draft.cases.map((c) => c.id);
    const locked = await this.cases.loadForMarketplace(manager, orgId, ids, { lock: true });
    this.assertListable(ids, locked, draft.listing.currency);
  }

  // ---- read ----------------------------------------------------------------------------------

  async list(principal: Principal, query: ListingQuery): Promise<Page<JsonObject>> {
    const qb = this.dataSource.manager.getRepository(Listing).createQueryBuilder('l');
    if (principal.orgKind === 'lender') qb.where('l.orgId = :orgId', { orgId: principal.orgId });
    else if (principal.orgKind !== 'platform') {
      // A partner browses open sealed/open listings it is not blocked from; eligibility is checked per row below.
      qb.where(`l.status = 'open'`)
        .andWhere(`l.biddingMode IN ('sealed', 'open')`)
        .andWhere('NOT (:orgId = ANY(l.blockedPartnerIds))', { orgId: principal.orgId })
        .andWhere('l.deadline > :now', { now: this.clock.now() });
    } else qb.where('TRUE');
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('l.kind = :kind', { kind: query.kind });
    const { items, nextCursor } = await paginate(qb, query);
    const data: JsonObject[] = [];
    for (const listing of items) {
      const lots = await this.dataSource.manager.find(Lot, { where: { listingId: listing.id }, order: { key: 'ASC' } });
      let eligibleLots: readonly string[] | undefined;
      if (this.isPartner(principal)) {
        const standing = await this.partnerStanding(listing, lots, principal.orgId);
        if (!standing.visible) continue;
        eligibleLots = standing.eligibleLots;
      }
      const schedule = await this.feeSchedules.byId(listing.feeScheduleId);
      data.push(presentListing(listing, { lots, schedule, forLender: !this.isPartner(principal), eligibleLots }));
    }
    // A partner's page may hold fewer rows than the limit (rows it is not eligible for are left out); next_cursor still pages on.
    return { data, next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string): Promise<JsonObject> {
    const listing = await this.visibleListing(principal, id);
    const lots = await this.dataSource.manager.find(Lot, { where: { listingId: listing.id }, order: { key: 'ASC' } });
    const schedule = await this.feeSchedules.byId(listing.feeScheduleId);
    const listingCases = await this.dataSource.manager.find(ListingCase, { where: { listingId: listing.id }, order: { caseId: 'ASC' } });
    const borrowers = await this.cases.maskedBorrowers(listing.orgId, listingCases.map((c) => c.caseId));
    const partner = this.isPartner(principal);
    const base = presentListing(listing, { lots, schedule, forLender: !partner, cases: listingCases, borrowers });
    if (!partner) {
      const bids = await this.dataSource.manager.count(Bid, { where: { listingId: listing.id, status: In(['live', 'won', 'lost']) } });
      return { ...base, bid_count: bids };
    }
    const mine = await this.dataSource.manager.findOne(Bid, { where: { listingId: listing.id, partnerOrgId: principal.orgId, status: In(['live', 'won', 'lost']) }, order: { createdAt: 'DESC' } });
    const standing = listing.status === 'open' ? await this.partnerStanding(listing, lots, principal.orgId) : null;
    return {
      ...base,
      eligible_lots: standing?.eligibleLots ?? [],
      my_bid: mine ? presentBid(mine) : null,
      ...(listing.biddingMode === 'open' ? { best_terms: bestTerms(await this.dataSource.manager.find(Bid, { where: { listingId: listing.id, status: 'live' } })) } : {}),
    };
  }

  /**
   * The listing as the caller may see it, else 404: a lender its own; a partner an open listing
   * it is eligible for, or one it bid on or holds a job on; the platform any.
   */
  async visibleListing(principal: Principal, id: string): Promise<Listing> {
    if (!isUuid(id)) throw MarketplaceErrors.listingNotFound();
    const listing = await this.dataSource.manager.findOneBy(Listing, { id });
    if (!listing) throw MarketplaceErrors.listingNotFound();
    if (principal.orgKind === 'platform') return listing;
    if (principal.orgKind === 'lender') {
      if (listing.orgId !== principal.orgId) throw MarketplaceErrors.listingNotFound();
      return listing;
    }
    if (!this.isPartner(principal)) throw MarketplaceErrors.listingNotFound();
    const party =
      (await this.dataSource.manager.exists(Bid, { where: { listingId: id, partnerOrgId: principal.orgId } })) ||
      (await this.jobOffers.partnersOn(id)).has(principal.orgId);
    if (party) return listing;
    const lots = await this.dataSource.manager.find(Lot, { where: { listingId: id } });
    if (!(await this.partnerStanding(listing, lots, principal.orgId)).visible) throw MarketplaceErrors.listingNotFound();
    return listing;
  }

  /** Open, biddable, not blocked, may serve at least one lot, has free capacity. */
  async partnerStanding(listing: Listing, lots: readonly Lot[], partnerOrgId: string): Promise<{ visible: boolean; eligibleLots: readonly string[]; standing: PartnerStanding; free: number }> {
    const standings = await this.eligibility.standings(listing, lots, [partnerOrgId]);
    const standing = standings.get(partnerOrgId)!;
    const free = (await this.eligibility.freeCapacity(standings)).get(partnerOrgId) ?? 0;
    const open = listing.status === 'open' && (listing.biddingMode === 'sealed' || listing.biddingMode === 'open');
    return { visible: open && standing.eligibleLots.length > 0 && free > 0, eligibleLots: standing.eligibleLots, standing, free };
  }

  isPartner(principal: Principal): boolean {
    return principal.orgKind === 'agency' || principal.orgKind === 'tow_operator';
  }

  // ---- change --------------------------------------------------------------------------------

  /** Moves the deadline of an open listing; the award timer moves with it. */
  async update(principal: Principal, id: string, dto: UpdateListingDto): Promise<JsonObject> {
    const now = this.clock.now();
    const deadline = new Date(dto.deadline);
    if (deadline.getTime() <= now.getTime()) throw MarketplaceErrors.deadlineInPast();
    const listing = await this.dataSource.transaction(async (manager) => {
      const l = await manager.getRepository(Listing).createQueryBuilder('l').setLock('pessimistic_write').where('l.id = :id AND l.orgId = :orgId', { id: isUuid(id) ? id : randomUUID(), orgId: principal.orgId }).getOne();
      if (!l) throw MarketplaceErrors.listingNotFound();
      if (l.status !== 'open' || (l.biddingMode !== 'sealed' && l.biddingMode !== 'open')) {
        throw MarketplaceErrors.invalidListing([{ field: 'deadline', code: 'listing.not_open', message: `a ${l.status} ${l.biddingMode} listing has no deadline to move` }]);
      }
      const before = l.deadline.toISOString();
      l.deadline = deadline;
      l.updatedAt = now;
      await manager.update(Listing, { id: l.id }, { deadline, updatedAt: now });
      await this.outbox.record(manager, {
        type: 'listing.deadline_changed',
        aggregateType: 'listing',
        aggregateId: l.id,
        orgIds: [l.orgId],
        payload: { listing_id: l.id, before, after: deadline.toISOString() },
      });
      return l;
    });
    await this.awards.scheduleDeadline(listing);
    return this.get(principal, listing.id);
  }

  /** Withdraws an open listing: cases back to the lender's book, bidders told. */
  async cancel(principal: Principal, id: string): Promise<JsonObject> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const l = await manager.getRepository(Listing).createQueryBuilder('l').setLock('pessimistic_write').where('l.id = :id AND l.orgId = :orgId', { id: isUuid(id) ? id : randomUUID(), orgId: principal.orgId }).getOne();
      if (!l) throw MarketplaceErrors.listingNotFound();
      assertTransition(LISTING_STATE_MACHINE, l.status, 'cancelled');
      await manager.update(Listing, { id: l.id }, { status: 'cancelled', endedAt: now, updatedAt: now });
      const live = await manager.find(Bid, { where: { listingId: l.id, status: 'live' } });
      if (live.length > 0) await manager.update(Bid, { id: In(live.map((b) => b.id)) }, { status: 'lost', updatedAt: now });
      const lots = await manager.find(Lot, { where: { listingId: l.id } });
      const caseIds = lots.flatMap((x) => x.caseIds);
      if (caseIds.length > 0) await this.cases.moveStatus(manager, l.orgId, caseIds, 'new', { reason: `listing ${l.id} cancelled`, actor: principal });
      await this.outbox.record(manager, {
        type: 'listing.cancelled',
        aggregateType: 'listing',
        aggregateId: l.id,
        orgIds: [l.orgId, ...new Set(live.map((b) => b.partnerOrgId))],
        payload: { listing_id: l.id },
      });
    });
    await this.awards.cancelDeadline(id);
    return this.get(principal, id);
  }
}
