import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { Clock } from '../common/clock/clock';
import { VehicleFieldService } from '../vehicles/vehicle-field.service';
import { JsonObject } from '../common/json';
import { decodeCursor } from '../common/pagination/cursor';
import { Page, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { JobOffers } from '../jobs/job-offers.service';
import { mayServeRegion } from '../partners/domain/servable-regions';
import { Bid } from './bid.entity';
import { isBiddable } from './domain/listing-draft';
import { ListingQuery } from './dto/listing.dto';
import { FeeSchedulesService } from './fee-schedules.service';
import { ListingEligibilityService, PartnerStanding } from './listing-eligibility.service';
import { Listing, ListingCase, Lot } from './listing.entity';
import { MarketplaceErrors } from './marketplace.errors';
import { bestTerms, presentBid, presentListing } from './marketplace.presenter';

const DEFAULT_LIMIT = 50;

/**
 * Reading listings (DESIGN §5): a lender reads its own (drafts too), a partner the open listings
 * it is eligible for, the platform all; any other org (a buyer) reads none. Pages load their
 * lots, fee schedules and standings in a fixed number of queries, whatever their length.
 */
@Injectable()
export class ListingQueriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeSchedules: FeeSchedulesService,
    private readonly cases: CaseLifecycleService,
    private readonly eligibility: ListingEligibilityService,
    private readonly jobOffers: JobOffers,
    private readonly clock: Clock,
    private readonly vehicles: VehicleFieldService,
  ) {}

  async list(principal: Principal, query: ListingQuery): Promise<Page<JsonObject>> {
    // A tampered cursor is the caller's error even where the page would be empty anyway.
    if (query.cursor) decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (this.isPartner(principal)) return this.partnerPage(principal, query);
    if (principal.orgKind !== 'lender' && principal.orgKind !== 'platform') return { data: [], next_cursor: null };
    const qb = this.filtered(principal.orgKind === 'lender' ? this.repo().where('l.orgId = :orgId', { orgId: principal.orgId }) : this.repo().where('TRUE'), query);
    const { items, nextCursor } = await paginate(qb, query, DEFAULT_LIMIT);
    const { lots, schedules } = await this.partsOf(items);
    return { data: items.map((l) => presentListing(l, { lots: lots.get(l.id) ?? [], schedule: schedules.get(l.feeScheduleId)!, forLender: true })), next_cursor: nextCursor };
  }

  /**
   * A partner's page holds `limit` listings it is eligible for whenever that many exist. The
   * eligibility rule is answered once per page for the partner's capabilities and regions
   * (`servableRegions`), and the query keeps the listings with a lot whose every region is among
   * them: one keyset query whatever the number of listings it passes over.
   */
  private async partnerPage(principal: Principal, query: ListingQuery): Promise<Page<JsonObject>> {
    const { servable, free } = await this.eligibility.searchStanding(principal.orgId);
    // Without free capacity a partner may bid on nothing (DESIGN §3), so it sees no open listing.
    if (free <= 0 || servable.pairs.length + servable.countries.length === 0) return { data: [], next_cursor: null };
    const qb = this.filtered(
      this.repo()
        .where(`l.status = 'open'`)
        .andWhere(`l.biddingMode IN ('sealed', 'open')`)
        .andWhere('NOT (:orgId = ANY(l.blockedPartnerIds))', { orgId: principal.orgId })
        .andWhere('l.deadline > :now', { now: this.clock.now() })
        .andWhere(
          // A lot the partner may serve: none of its regions is outside the servable ones (domain/servable-regions.ts).
          `EXISTS (SELECT 1 FROM lots lo WHERE lo.listing_id = l.id AND NOT EXISTS (
             SELECT 1 FROM unnest(lo.regions) AS r(region)
              WHERE NOT ((l.capability || '|' || r.region) = ANY(:pairs)
                         OR (length(r.region) > 2 AND r.region <> ALL(:named) AND (l.capability || '|' || left(r.region, 2)) = ANY(:countries)))))`,
          { pairs: servable.pairs, named: servable.named, countries: servable.countries },
        ),
      query,
    );
    const { items, nextCursor } = await paginate(qb, query, DEFAULT_LIMIT);
    const { lots, schedules } = await this.partsOf(items);
    return {
      data: items.map((listing) => {
        const own = lots.get(listing.id) ?? [];
        const eligibleLots = own.filter((lot) => lot.regions.every((r) => mayServeRegion(servable, listing.capability, r))).map((lot) => lot.key);
        return presentListing(listing, { lots: own, schedule: schedules.get(listing.feeScheduleId)!, forLender: false, eligibleLots });
      }),
      next_cursor: nextCursor,
    };
  }

  async get(principal: Principal, id: string): Promise<JsonObject> {
    const listing = await this.visibleListing(principal, id);
    const lots = await this.dataSource.manager.find(Lot, { where: { listingId: listing.id }, order: { key: 'ASC' } });
    const schedule = await this.feeSchedules.byId(listing.feeScheduleId);
    const listingCases = await this.dataSource.manager.find(ListingCase, { where: { listingId: listing.id }, order: { caseId: 'ASC' } });
    const borrowers = await this.cases.maskedBorrowers(listing.orgId, listingCases.map((c) => c.caseId));
    const vehicles = await this.vehicles.describedForListing(listing.orgId, listingCases.map((c) => c.caseId), this.dataSource.manager);
    const partner = this.isPartner(principal);
    const base = presentListing(listing, { lots, schedule, forLender: !partner, cases: listingCases, borrowers, vehicles });
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
   * it is eligible for, or one it bid on or holds a job on; the platform any; nobody else any.
   */
  async visibleListing(principal: Principal, id: string): Promise<Listing> {
    const listing = await this.find(id);
    if (principal.orgKind === 'platform') return listing;
    if (principal.orgKind === 'lender') {
      if (listing.orgId !== principal.orgId) throw MarketplaceErrors.listingNotFound();
      return listing;
    }
    if (!this.isPartner(principal)) throw MarketplaceErrors.listingNotFound();
    if (await this.isParty(listing.id, principal.orgId)) return listing;
    const lots = await this.dataSource.manager.find(Lot, { where: { listingId: id } });
    if (!(await this.partnerStanding(listing, lots, principal.orgId)).visible) throw MarketplaceErrors.listingNotFound();
    return listing;
  }

  /**
   * The listing a partner addresses a bid to, else 404 (issue 11 item 8: no existence oracle):
   * one open on the marketplace (sealed or open bidding), or one it is already party to. Whether
   * it may bid there is answered afterwards, with reasons; a listing it cannot know of is 404
   * exactly like an unknown id.
   */
  async listingForBidder(principal: Principal, id: string): Promise<Listing> {
    const listing = await this.find(id);
    if (listing.status === 'open' && isBiddable(listing.biddingMode)) return listing;
    if (await this.isParty(listing.id, principal.orgId)) return listing;
    throw MarketplaceErrors.listingNotFound();
  }

  /** Open, biddable, not blocked, may serve at least one lot, has free capacity. */
  async partnerStanding(listing: Listing, lots: readonly Lot[], partnerOrgId: string): Promise<{ visible: boolean; eligibleLots: readonly string[]; standing: PartnerStanding; free: number }> {
    const standings = await this.eligibility.standings(listing, lots, [partnerOrgId]);
    const standing = standings.get(partnerOrgId)!;
    const free = (await this.eligibility.freeCapacity(standings)).get(partnerOrgId) ?? 0;
    const open = listing.status === 'open' && isBiddable(listing.biddingMode);
    return { visible: open && standing.eligibleLots.length > 0 && free > 0, eligibleLots: standing.eligibleLots, standing, free };
  }

  isPartner(principal: Principal): boolean {
    return principal.orgKind === 'agency' || principal.orgKind === 'tow_operator';
  }

  private async find(id: string): Promise<Listing> {
    if (!isUuid(id)) throw MarketplaceErrors.listingNotFound();
    const listing = await this.dataSource.manager.findOneBy(Listing, { id });
    if (!listing) throw MarketplaceErrors.listingNotFound();
    return listing;
  }

  /** A partner that bid on a listing or holds a job on it keeps seeing it, whatever its state. */
  private async isParty(listingId: string, partnerOrgId: string): Promise<boolean> {
    return (await this.dataSource.manager.exists(Bid, { where: { listingId, partnerOrgId } })) || (await this.jobOffers.partnersOn(listingId)).has(partnerOrgId);
  }

  private repo(): SelectQueryBuilder<Listing> {
    return this.dataSource.manager.getRepository(Listing).createQueryBuilder('l');
  }

  private filtered(qb: SelectQueryBuilder<Listing>, query: ListingQuery): SelectQueryBuilder<Listing> {
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('l.kind = :kind', { kind: query.kind });
    return qb;
  }

  /** The lots and fee schedules of a page of listings: two queries. */
  private async partsOf(listings: readonly Listing[]) {
    const ids = listings.map((l) => l.id);
    const rows = ids.length === 0 ? [] : await this.dataSource.manager.find(Lot, { where: { listingId: In(ids) }, order: { key: 'ASC' } });
    const lots = new Map<string, Lot[]>();
    for (const lot of rows) lots.set(lot.listingId, [...(lots.get(lot.listingId) ?? []), lot]);
    const schedules = await this.feeSchedules.byIds(listings.map((l) => l.feeScheduleId));
    return { lots, schedules };
  }
}
