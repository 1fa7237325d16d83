import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import { OrgNamesService } from '../auth/org-names.service';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { Award } from './award.entity';
import { candidateOfBid } from './award.service';
import { Bid } from './bid.entity';
import { ProposedTerms, validateBidTerms } from './domain/bid-bounds';
import { PlaceBidDto } from './dto/listing.dto';
import { ListingEligibilityService } from './listing-eligibility.service';
import { Listing, Lot } from './listing.entity';
import { ListingQueriesService } from './listing-queries.service';
import { MarketplaceErrors, Reason } from './marketplace.errors';
import { bestTerms, presentBid } from './marketplace.presenter';
import { ROW_LOCK } from '../common/database/row-lock';

/**
 * Bids (DESIGN §5): one live bid per partner and listing, replaced or withdrawn before the
 * deadline. Placing, replacing and withdrawing take the listing's row lock, so they are ordered
 * with each other and with the award; the partial unique index backs the one-live-bid rule.
 */
@Injectable()
export class BidsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listings: ListingQueriesService,
    private readonly eligibility: ListingEligibilityService,
    private readonly outbox: OutboxService,
    private readonly orgNames: OrgNamesService,
    private readonly clock: Clock,
  ) {}

  async place(principal: Principal, listingId: string, dto: PlaceBidDto): Promise<JsonObject> {
    // A listing the partner cannot know of answers like an unknown id (issue 11 item 8).
    const preview = await this.listings.listingForBidder(principal, listingId);
    if (preview.biddingMode !== 'sealed' && preview.biddingMode !== 'open') throw MarketplaceErrors.notBiddable(preview.biddingMode);
    const lots = await this.dataSource.manager.find(Lot, { where: { listingId } });
    const { standing, free } = await this.listings.partnerStanding(preview, lots, principal.orgId);
    const reasons: Reason[] = [...standing.reasons];
    if (free <= 0) reasons.push({ code: 'partner.no_capacity', message: `no free capacity: ${standing.capacity} concurrent jobs declared, all in use` });
    if (standing.eligibleLots.length === 0 || free <= 0) {
      throw MarketplaceErrors.partnerNotEligible('bid.partner_not_eligible', reasons, 'You may not bid on this listing; see reasons.');
    }
    const terms: ProposedTerms = {
      ...(dto.contingency_bps !== undefined ? { contingency_bps: dto.contingency_bps } : {}),
      ...(dto.flat_fee !== undefined ? { flat_fee: { amount: dto.flat_fee.amount, currency: dto.flat_fee.currency } } : {}),
      sla: { first_action_hours: dto.sla.first_action_hours, completion_days: dto.sla.completion_days },
    };
    const errors = validateBidTerms(terms, preview.bounds);
    const lotKeys = dto.lot_keys ? [...new Set(dto.lot_keys)] : null;
    for (const key of lotKeys ?? []) {
      if (!lots.some((l) => l.key === key)) errors.push({ field: 'lot_keys', code: 'bid.unknown_lot', message: `no lot ${key} on this listing` });
      else if (!standing.eligibleLots.includes(key)) errors.push({ field: 'lot_keys', code: 'bid.lot_not_eligible', message: `you may not serve every region of lot ${key}` });
    }
    if (errors.length > 0) throw MarketplaceErrors.invalidBid(errors);

    const bid = await this.dataSource.transaction(async (manager) => {
      const listing = await this.lock(manager, listingId);
      this.assertBiddable(listing);
      const now = this.clock.now();
      const previous = await manager.findOneBy(Bid, { listingId, partnerOrgId: principal.orgId, status: 'live' });
      if (previous) await manager.update(Bid, { id: previous.id }, { status: 'replaced', updatedAt: now });
      const row = manager.create(Bid, {
        id: randomUUID(),
        listingId,
        partnerOrgId: principal.orgId,
        status: 'live',
        contingencyBps: terms.contingency_bps ?? null,
        flatFeeAmount: terms.flat_fee?.amount ?? null,
        flatFeeCurrency: terms.flat_fee?.currency ?? null,
        firstActionHours: terms.sla.first_action_hours,
        completionDays: terms.sla.completion_days,
        lotKeys,
        note: dto.note?.trim() || null,
        placedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(Bid, row);
      // Sealed bids stay sealed in events too: the lender is told a bid arrived, not its terms.
      await this.outbox.record(manager, {
        type: previous ? 'bid.replaced' : 'bid.placed',
        aggregateType: 'bid',
        aggregateId: row.id,
        orgIds: [listing.orgId, principal.orgId],
        payload: {
          bid_id: row.id,
          listing_id: listingId,
          listing_title: listing.title,
          partner_org_id: principal.orgId,
          partner_name: await this.orgNames.nameOf(manager, principal.orgId),
          replaces: previous?.id ?? null,
        },
      });
      return row;
    });
    return presentBid(bid);
  }

  async withdraw(principal: Principal, listingId: string): Promise<void> {
    if (!isUuid(listingId)) throw MarketplaceErrors.listingNotFound();
    await this.listings.visibleListing(principal, listingId);
    await this.dataSource.transaction(async (manager) => {
      const listing = await this.lock(manager, listingId);
      const live = await manager.findOneBy(Bid, { listingId, partnerOrgId: principal.orgId, status: 'live' });
      if (!live) throw MarketplaceErrors.bidNotFound();
      this.assertBiddable(listing);
      const now = this.clock.now();
      await manager.update(Bid, { id: live.id }, { status: 'withdrawn', updatedAt: now });
      await this.outbox.record(manager, {
        type: 'bid.withdrawn',
        aggregateType: 'bid',
        aggregateId: live.id,
        orgIds: [listing.orgId, principal.orgId],
        payload: { bid_id: live.id, listing_id: listingId, listing_title: listing.title, partner_org_id: principal.orgId },
      });
    });
  }

  /**
   * The lender: every bid with its score and breakdown (the award's record once awarded). A
   * partner: its own bids only; in `open` mode also the best current terms.
   */
  async list(principal: Principal, listingId: string): Promise<JsonObject> {
    const listing = await this.listings.visibleListing(principal, listingId);
    if (this.listings.isPartner(principal)) {
      const mine = await this.dataSource.manager.find(Bid, { where: { listingId, partnerOrgId: principal.orgId }, order: { createdAt: 'DESC', id: 'DESC' } });
      const live = listing.biddingMode === 'open' ? await this.dataSource.manager.find(Bid, { where: { listingId, status: 'live' } }) : [];
      return { data: mine.map(presentBid), ...(listing.biddingMode === 'open' ? { best_terms: bestTerms(live) } : {}) };
    }
    const bids = await this.dataSource.manager.find(Bid, { where: { listingId, status: In(['live', 'won', 'lost']) }, order: { placedAt: 'ASC', id: 'ASC' } });
    const award = await this.dataSource.manager.findOneBy(Award, { listingId });
    const scored = award ? this.fromAward(award) : await this.scoreNow(listing, bids.filter((b) => b.status === 'live'));
    const rows = bids.map((b) => ({ ...presentBid(b), ...(scored.get(b.id) ?? { eligible: false, reasons: [], rank: null, score: null, breakdown: null, eligible_lots: [] }) }));
    rows.sort((a, b) => ((a.rank as number | null) ?? Number.MAX_SAFE_INTEGER) - ((b.rank as number | null) ?? Number.MAX_SAFE_INTEGER));
    return { data: rows, scored_at: award ? award.decidedAt.toISOString() : this.clock.now().toISOString(), award_id: award?.id ?? null };
  }

  private fromAward(award: Award): Map<string, JsonObject> {
    const candidates = (award.ranking.candidates ?? []) as JsonObject[];
    return new Map(candidates.map((c) => [c.id as string, { eligible: c.eligible, reasons: c.reasons, rank: c.rank, score: c.score, breakdown: c.breakdown, eligible_lots: c.eligible_lots, inputs: c.inputs ?? null }]));
  }

  private async scoreNow(listing: Listing, live: readonly Bid[]): Promise<Map<string, JsonObject>> {
    const lots = await this.dataSource.manager.find(Lot, { where: { listingId: listing.id } });
    const standings = await this.eligibility.standings(listing, lots, live.map((b) => b.partnerOrgId));
    const ranking = await this.eligibility.rank(this.dataSource.manager, listing, lots, live.map((b) => candidateOfBid(listing, b)), standings);
    return new Map(ranking.candidates.map((c) => [c.id, { eligible: c.eligible, reasons: c.reasons, rank: c.rank, score: c.score, breakdown: c.breakdown, eligible_lots: c.eligible_lots, inputs: c.inputs }]));
  }

  private async lock(manager: EntityManager, id: string): Promise<Listing> {
    const listing = await manager.getRepository(Listing).createQueryBuilder('l').setLock(ROW_LOCK).where('l.id = :id', { id }).getOne();
    if (!listing) throw MarketplaceErrors.listingNotFound();
    return listing;
  }

  private assertBiddable(listing: Listing): void {
    if (listing.status !== 'open') {
      throw MarketplaceErrors.notOpen(listing.status);
    }
    if (this.clock.now() >= listing.deadline) throw MarketplaceErrors.biddingClosed(listing.deadline);
  }
}
