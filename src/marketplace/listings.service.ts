import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import { OutboxService } from '../common/outbox/outbox.service';
import { validationFailed } from '../common/problem/problem';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { PartnerEligibilityService } from '../partners/partner-eligibility.service';
import { AwardOutcome, AwardService } from './award.service';
import { Bid } from './bid.entity';
import { applyEdits, editedFields, isBiddable } from './domain/listing-draft';
import { LISTING_STATE_MACHINE } from './domain/listing-state';
import { CreateListingDto, UpdateListingDto } from './dto/listing.dto';
import { ListingBuilder, Prepared } from './listing-builder.service';
import { ListingEligibilityService, PartnerStanding } from './listing-eligibility.service';
import { Listing, ListingCase, Lot } from './listing.entity';
import { ListingQueriesService } from './listing-queries.service';
import { MarketplaceErrors, Reason } from './marketplace.errors';
import { ROW_LOCK } from '../common/database/row-lock';

/** Who a publication reaches: eligible partners of a biddable listing, or the offers of a direct / auto-assign one. */
interface Publication {
  readonly audience: readonly string[];
  readonly standings: Map<string, PartnerStanding> | null;
}

/**
 * The life of a listing (DESIGN §5): a lender drafts it or publishes it at once, edits a draft,
 * publishes it (cases listed, partners told, timers set), moves the deadline of an open one, or
 * withdraws it. Building a listing from its terms is `ListingBuilder` (rules in
 * `domain/listing-draft.ts`); reading is `ListingQueriesService`.
 */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly builder: ListingBuilder,
    private readonly cases: CaseLifecycleService,
    private readonly eligibility: ListingEligibilityService,
    private readonly awards: AwardService,
    private readonly partners: PartnerEligibilityService,
    private readonly queries: ListingQueriesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  // ---- create / publish ----------------------------------------------------------------------

  /** `publish: false` stores a draft: nothing listed, nobody told, no timer until it is published. */
  async create(principal: Principal, dto: CreateListingDto): Promise<JsonObject> {
    const now = this.clock.now();
    const { publish, ...spec } = dto;
    const prepared = await this.builder.build(principal, spec, { id: randomUUID(), createdByUserId: principal.userId, createdAt: now }, now);
    if (publish === false) {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(Listing, { ...prepared.listing, status: 'draft' });
        await this.insertParts(manager, prepared);
      });
      return this.queries.get(principal, prepared.listing.id);
    }
    const publication = await this.publicationOf(prepared);
    const outcome = await this.dataSource.transaction(async (manager) => {
      await manager.insert(Listing, prepared.listing);
      await this.insertParts(manager, prepared);
      return this.goLive(manager, principal, prepared, publication);
    });
    await this.afterPublication(prepared.listing, outcome);
    return this.queries.get(principal, prepared.listing.id);
  }

  /**
   * Publishes a draft (draft → open, DESIGN §5): its terms are checked again as of now (the
   * deadline must still be ahead, the cases still listable), then it goes live as if just created.
   */
  async publish(principal: Principal, id: string): Promise<JsonObject> {
    const draft = await this.owned(principal, id);
    assertTransition(LISTING_STATE_MACHINE, draft.status, 'open');
    const now = this.clock.now();
    const prepared = await this.builder.build(principal, await this.builder.specOf(draft), draft, now);
    const publication = await this.publicationOf(prepared);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lockOwned(manager, principal, id);
      assertTransition(LISTING_STATE_MACHINE, locked.status, 'open');
      if (locked.updatedAt.getTime() !== draft.updatedAt.getTime()) throw MarketplaceErrors.draftChanged();
      await this.replaceDraft(manager, prepared, 'open', now);
      return this.goLive(manager, principal, prepared, publication);
    });
    await this.afterPublication(prepared.listing, outcome);
    return this.queries.get(principal, id);
  }

  /**
   * Decided before any lock is taken. direct / auto_assign: who is offered the work. sealed /
   * open: the partners told of it (DESIGN §9 `listing.published`): those that may bid on it now —
   * approved for the capability, not blocked, serving every region of a lot, with free capacity.
   */
  private async publicationOf({ listing, lots }: Prepared): Promise<Publication> {
    if (listing.biddingMode === 'direct') {
      const standings = await this.eligibility.standings(listing, lots, [listing.directPartnerId!]);
      const s = standings.get(listing.directPartnerId!)!;
      const free = (await this.eligibility.freeCapacity(standings)).get(s.partnerOrgId) ?? 0;
      const reasons: Reason[] = [...s.reasons];
      if (free <= 0) reasons.push({ code: 'partner.no_capacity', message: 'the partner has no free capacity (max concurrent jobs reached)' });
      if (s.eligibleLots.length === 0 || free <= 0) throw MarketplaceErrors.partnerNotEligible('listing.partner_not_eligible', reasons, 'The named partner may not take this work.');
      return { audience: [], standings };
    }
    const candidates = (await this.partners.candidates(listing.capability)).filter((id) => !listing.blockedPartnerIds.includes(id));
    const standings = await this.eligibility.standings(listing, lots, candidates);
    if (listing.biddingMode === 'auto_assign') return { audience: [], standings };
    const free = await this.eligibility.freeCapacity(standings);
    const audience = [...standings.values()].filter((s) => s.eligibleLots.length > 0 && (free.get(s.partnerOrgId) ?? 0) > 0).map((s) => s.partnerOrgId);
    return { audience, standings: null };
  }

  /** In the publishing transaction: cases listed under lock, the event, the award of a direct / auto-assign listing. */
  private async goLive(manager: EntityManager, principal: Principal, prepared: Prepared, publication: Publication): Promise<AwardOutcome | null> {
    const { listing, lots } = prepared;
    await this.recheckCases(manager, principal.orgId, prepared);
    if (prepared.cases.length > 0) await this.cases.markListed(manager, principal.orgId, prepared.cases.map((c) => c.id), { reason: `listed on ${listing.id}` });
    await this.outbox.record(manager, {
      type: 'listing.published',
      aggregateType: 'listing',
      aggregateId: listing.id,
      orgIds: [listing.orgId, ...publication.audience],
      payload: {
        listing_id: listing.id,
        listing_title: listing.title,
        lender_org_id: listing.orgId,
        kind: listing.kind,
        bidding_mode: listing.biddingMode,
        capability: listing.capability,
        regions: listing.regions,
        case_count: lots.reduce((n, l) => n + l.caseIds.length, 0),
        total_balance: { amount: lots.reduce((n, l) => n + l.totalBalanceAmount, 0), currency: listing.currency },
        deadline: listing.deadline.toISOString(),
      },
    });
    if (publication.standings) return this.awards.awardAtPublish(manager, listing, lots, publication.standings, principal);
    return null;
  }

  /** After commit: the award deadline of a biddable listing, or the accept timers of the offers made. */
  private async afterPublication(listing: Listing, outcome: AwardOutcome | null): Promise<void> {
    if (outcome) await this.awards.afterAward(listing.id, outcome.jobs);
    else await this.awards.scheduleDeadline(listing);
  }

  private async insertParts(manager: EntityManager, prepared: Prepared): Promise<void> {
    await manager.insert(Lot, [...prepared.lots]);
    if (prepared.listingCases.length > 0) await manager.insert(ListingCase, [...prepared.listingCases]);
  }

  /** A draft's row takes its re-checked terms; its lots and cases are cut again from the cases as they are now. */
  private async replaceDraft(manager: EntityManager, prepared: Prepared, status: 'draft' | 'open', now: Date): Promise<void> {
    const { id, orgId: _orgId, createdAt: _createdAt, createdByUserId: _createdBy, ...terms } = prepared.listing;
    await manager.update(Listing, { id }, { ...terms, status, updatedAt: now });
    await manager.delete(ListingCase, { listingId: id });
    await manager.delete(Lot, { listingId: id });
    await this.insertParts(manager, prepared);
  }

  /** Under lock: the preview still holds (nobody listed or flagged the cases meanwhile). */
  private async recheckCases(manager: EntityManager, orgId: string, prepared: Prepared): Promise<void> {
    if (prepared.cases.length === 0) return;
    const ids = prepared.cases.map((c) => c.id);
    const locked = await this.cases.loadForMarketplace(manager, orgId, ids, { lock: true });
    this.builder.assertListable(ids, locked, prepared.listing.currency);
  }

  // ---- change --------------------------------------------------------------------------------

  /**
   * A draft: any of its terms (title, description, cases, eligibility, bounds, weights, split,
   * deadline, …), checked as a whole like a new listing. A published listing: the deadline only,
   * and the award timer moves with it.
   */
  async update(principal: Principal, id: string, dto: UpdateListingDto): Promise<JsonObject> {
    const fields = editedFields(dto);
    if (fields.length === 0) throw validationFailed([{ field: 'body', message: 'give at least one field to change' }]);
    const now = this.clock.now();
    if (dto.deadline && new Date(dto.deadline).getTime() <= now.getTime()) throw MarketplaceErrors.deadlineInPast();
    const current = await this.owned(principal, id);
    if (current.status === 'draft') return this.editDraft(principal, current, dto, now);
    const others = fields.filter((f) => f !== 'deadline');
    if (others.length > 0 || !dto.deadline) throw MarketplaceErrors.notDraft(current.status, others.length > 0 ? others : fields);
    return this.moveDeadline(principal, id, new Date(dto.deadline), now);
  }

  private async editDraft(principal: Principal, draft: Listing, dto: UpdateListingDto, now: Date): Promise<JsonObject> {
    const prepared = await this.builder.build(principal, applyEdits(await this.builder.specOf(draft), dto), draft, now);
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.lockOwned(manager, principal, draft.id);
      if (locked.status !== 'draft') throw MarketplaceErrors.notDraft(locked.status, editedFields(dto));
      await this.replaceDraft(manager, prepared, 'draft', now);
    });
    return this.queries.get(principal, draft.id);
  }

  private async moveDeadline(principal: Principal, id: string, deadline: Date, now: Date): Promise<JsonObject> {
    const listing = await this.dataSource.transaction(async (manager) => {
      const l = await this.lockOwned(manager, principal, id);
      if (l.status !== 'open' || !isBiddable(l.biddingMode)) {
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
        payload: { listing_id: l.id, listing_title: l.title, before, after: deadline.toISOString() },
      });
      return l;
    });
    await this.awards.scheduleDeadline(listing);
    return this.queries.get(principal, listing.id);
  }

  /** Withdraws a draft or an open listing: listed cases back to the lender's book, bidders told. */
  async cancel(principal: Principal, id: string): Promise<JsonObject> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const l = await this.lockOwned(manager, principal, id);
      const wasListed = l.status === 'open';
      assertTransition(LISTING_STATE_MACHINE, l.status, 'cancelled');
      await manager.update(Listing, { id: l.id }, { status: 'cancelled', endedAt: now, updatedAt: now });
      const live = await manager.find(Bid, { where: { listingId: l.id, status: 'live' } });
      if (live.length > 0) await manager.update(Bid, { id: In(live.map((b) => b.id)) }, { status: 'lost', updatedAt: now });
      const lots = await manager.find(Lot, { where: { listingId: l.id } });
      const caseIds = lots.flatMap((x) => x.caseIds);
      // A draft never took its cases off the book.
      if (wasListed && caseIds.length > 0) await this.cases.moveStatus(manager, l.orgId, caseIds, 'new', { reason: `listing ${l.id} cancelled`, actor: principal });
      await this.outbox.record(manager, {
        type: 'listing.cancelled',
        aggregateType: 'listing',
        aggregateId: l.id,
        orgIds: [l.orgId, ...new Set(live.map((b) => b.partnerOrgId))],
        payload: { listing_id: l.id, listing_title: l.title },
      });
    });
    await this.awards.cancelDeadline(id);
    return this.queries.get(principal, id);
  }

  // ---- the pieces ----------------------------------------------------------------------------

  private async owned(principal: Principal, id: string): Promise<Listing> {
    const listing = isUuid(id) ? await this.dataSource.manager.findOneBy(Listing, { id, orgId: principal.orgId }) : null;
    if (!listing) throw MarketplaceErrors.listingNotFound();
    return listing;
  }

  private async lockOwned(manager: EntityManager, principal: Principal, id: string): Promise<Listing> {
    const l = isUuid(id)
      ? await manager.getRepository(Listing).createQueryBuilder('l').setLock(ROW_LOCK).where('l.id = :id AND l.orgId = :orgId', { id, orgId: principal.orgId }).getOne()
      : null;
    if (!l) throw MarketplaceErrors.listingNotFound();
    return l;
  }
}
