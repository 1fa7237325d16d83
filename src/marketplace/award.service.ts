import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { VehiclesService } from '../vehicles/vehicles.service';
import { Clock } from '../common/clock/clock';
import { JsonObject, JsonValue } from '../common/json';
import { OutboxService } from '../common/outbox/outbox.service';
import { FieldError, validationFailed } from '../common/problem/problem';
import { Deadlines } from '../common/queue/deadlines.service';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { Job, JobOffers, NewOffer, OfferEndedWhy } from '../jobs/job-offers.service';
import { PartnerEligibilityService } from '../partners/partner-eligibility.service';
import { Award, AwardMode } from './award.entity';
import { Bid } from './bid.entity';
import { ProposedTerms } from './domain/bid-bounds';
import { Bucket } from './domain/fee-schedule';
import { freezeTerms, frozenSchedule } from './domain/frozen-terms';
import { effectiveFee, termsWithoutBid } from './domain/job-terms';
import { LISTING_STATE_MACHINE } from './domain/listing-state';
import { allocateLots, Lot as DomainLot, LotAward } from './domain/portfolio-lots';
import { AwardDto } from './dto/listing.dto';
import { FeeScheduleVersion } from './fee-schedule.entity';
import { Candidate, ListingEligibilityService, PartnerStanding, Ranking } from './listing-eligibility.service';
import { Listing, ListingCase, Lot } from './listing.entity';
import { MarketplaceErrors } from './marketplace.errors';
import { AWARD_DEADLINE } from './marketplace-timers';
import { ROW_LOCK } from '../common/database/row-lock';

/** A bid's terms as the domain reads them. */
export function termsOfBid(b: Bid): ProposedTerms {
  return {
    ...(b.contingencyBps !== null ? { contingency_bps: b.contingencyBps } : {}),
    ...(b.flatFeeAmount !== null ? { flat_fee: { amount: b.flatFeeAmount, currency: b.flatFeeCurrency! } } : {}),
    sla: { first_action_hours: b.firstActionHours, completion_days: b.completionDays },
  };
}

export function candidateOfBid(listing: Listing, b: Bid): Candidate {
  return { id: b.id, partnerOrgId: b.partnerOrgId, placedAt: b.placedAt, effectiveFee: effectiveFee(listing.bounds, termsOfBid(b)), lotKeys: b.lotKeys };
}

type PerLotEntry = {
  readonly candidate_id: string;
  readonly partner_org_id: string;
  readonly bid_id: string | null;
};

export interface AwardOutcome {
  readonly award: Award;
  readonly jobs: readonly Job[];
}

/**
 * The award (DESIGN §5): exactly once, under a row lock (`ROW_LOCK`) on the listing, in one
 * transaction — listing → awarded, one job per (lot, partner) with frozen terms, cases →
 * assigned, events for the lender, the winners and the losers. Also the deadline (auto award or
 * expiry) and the re-offer of work a partner declined or let expire.
 */
@Injectable()
export class AwardService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eligibility: ListingEligibilityService,
    private readonly partners: PartnerEligibilityService,
    private readonly cases: CaseLifecycleService,
    private readonly vehicles: VehiclesService,
    private readonly jobOffers: JobOffers,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobOffers.onOfferEnded((manager, job, why) => this.reoffer(manager, job, why));
  }

  // ---- manual and automatic award -----------------------------------------------------------

  async award(principal: Principal, listingId: string, dto: AwardDto): Promise<JsonObject> {
    if ((dto.auto === true) === (dto.selections !== undefined)) {
      throw validationFailed([{ field: 'selections', message: 'give either auto: true or selections (one bid per lot)' }]);
    }
    if (!isUuid(listingId)) throw MarketplaceErrors.listingNotFound();
    const preview = await this.dataSource.manager.findOneBy(Listing, { id: listingId, orgId: principal.orgId });
    if (!preview) throw MarketplaceErrors.listingNotFound();
    assertTransition(LISTING_STATE_MACHINE, preview.status, 'awarded');
    const standings = await this.standingsOfLiveBids(preview);

    const outcome = await this.dataSource.transaction(async (manager) => {
      const listing = await this.lockListing(manager, listingId, principal.orgId);
      assertTransition(LISTING_STATE_MACHINE, listing.status, 'awarded');
      const { lots, bids, ranking, domainLots } = await this.prepare(manager, listing, standings);
      const allocation = dto.auto ? allocateLots(domainLots, ranking.perLot, ranking.freeCapacity, this.shareOf(listing)) : this.manual(dto, lots, domainLots, bids, ranking);
      if (allocation.awards.length === 0) throw MarketplaceErrors.noEligibleBid();
      return this.commit(manager, { listing, lots, bids, ranking, awards: allocation.awards, unallocated: allocation.unallocated_lot_keys, mode: dto.auto ? 'auto' : 'manual', actor: principal });
    });
    await this.afterAward(listingId, outcome.jobs);
    return this.presentAward(outcome.award, outcome.jobs);
  }

  /** The award-deadline timer: award by score, or expire when no eligible bid can take a lot. */
  async atDeadline(listingId: string): Promise<{ outcome: 'awarded' | 'expired' | 'skipped' }> {
    const preview = await this.dataSource.manager.findOneBy(Listing, { id: listingId });
    if (!preview || preview.status !== 'open' || this.clock.now() < preview.deadline) return { outcome: 'skipped' };
    const standings = await this.standingsOfLiveBids(preview);
    const result = await this.dataSource.transaction(async (manager) => {
      const listing = await this.lockListing(manager, listingId);
      // Already decided, or the deadline moved since this timer was set: nothing to do here.
      if (listing.status !== 'open' || this.clock.now() < listing.deadline) return { outcome: 'skipped' as const, jobs: [] as Job[] };
      const { lots, bids, ranking, domainLots } = await this.prepare(manager, listing, standings);
      const allocation = allocateLots(domainLots, ranking.perLot, ranking.freeCapacity, this.shareOf(listing));
      if (allocation.awards.length === 0) {
        await this.expire(manager, listing, lots, bids);
        return { outcome: 'expired' as const, jobs: [] as Job[] };
      }
      const done = await this.commit(manager, { listing, lots, bids, ranking, awards: allocation.awards, unallocated: allocation.unallocated_lot_keys, mode: 'deadline', actor: null });
      return { outcome: 'awarded' as const, jobs: [...done.jobs] };
    });
    if (result.outcome === 'awarded') await this.jobOffers.scheduleAcceptDeadlines(result.jobs);
    return { outcome: result.outcome };
  }

  /** `direct` and `auto_assign` listings are awarded in the transaction that publishes them. */
  async awardAtPublish(
    manager: EntityManager,
    listing: Listing,
    lots: readonly Lot[],
    standings: ReadonlyMap<string, PartnerStanding>,
    actor: Principal,
  ): Promise<AwardOutcome> {
    const candidates: Candidate[] = [...standings.values()].map((s) => ({
      id: s.partnerOrgId,
      partnerOrgId: s.partnerOrgId,
      placedAt: new Date(0),
      effectiveFee: 0,
      lotKeys: null,
    }));
    const ranking = await this.eligibility.rank(manager, listing, lots, candidates, standings);
    const domainLots = await this.domainLots(manager, listing, lots);
    const allocation = allocateLots(domainLots, ranking.perLot, ranking.freeCapacity, this.shareOf(listing));
    if (allocation.awards.length === 0) throw MarketplaceErrors.noEligiblePartner();
    return this.commit(manager, {
      listing,
      lots,
      bids: new Map(),
      ranking,
      awards: allocation.awards,
      unallocated: allocation.unallocated_lot_keys,
      mode: listing.biddingMode === 'direct' ? 'direct' : 'auto_assign',
      actor,
    });
  }

  async afterAward(listingId: string, jobs: readonly Job[]): Promise<void> {
    await this.cancelDeadline(listingId);
    await this.jobOffers.scheduleAcceptDeadlines(jobs);
  }

  cancelDeadline(listingId: string): Promise<void> {
    return this.deadlines.cancel(AWARD_DEADLINE, { listingId });
  }

  scheduleDeadline(listing: Listing): Promise<void> {
    return this.deadlines.schedule(AWARD_DEADLINE, { listingId: listing.id }, listing.deadline);
  }

  // ---- the pieces ----------------------------------------------------------------------------

  private async standingsOfLiveBids(listing: Listing): Promise<Map<string, PartnerStanding>> {
    const [lots, bids] = await Promise.all([
      this.dataSource.manager.find(Lot, { where: { listingId: listing.id } }),
      this.dataSource.manager.find(Bid, { where: { listingId: listing.id, status: 'live' } }),
    ]);
    return this.eligibility.standings(listing, lots, bids.map((b) => b.partnerOrgId));
  }

  private async lockListing(manager: EntityManager, id: string, orgId?: string): Promise<Listing> {
    const qb = manager.getRepository(Listing).createQueryBuilder('l').setLock(ROW_LOCK).where('l.id = :id', { id });
    if (orgId) qb.andWhere('l.orgId = :orgId', { orgId });
    const listing = await qb.getOne();
    if (!listing) throw MarketplaceErrors.listingNotFound();
    return listing;
  }

  /** Under the lock: the lots, the live bids and their ranking, read through the transaction only. */
  private async prepare(manager: EntityManager, listing: Listing, standings: ReadonlyMap<string, PartnerStanding>) {
    const lots = await manager.find(Lot, { where: { listingId: listing.id }, order: { key: 'ASC' } });
    const live = await manager.find(Bid, { where: { listingId: listing.id, status: 'live' }, order: { placedAt: 'ASC', id: 'ASC' } });
    // A bid placed after the standings were read: its partner was not checked; the caller retries.
    if (live.some((b) => !standings.has(b.partnerOrgId))) throw MarketplaceErrors.bidsChanged();
    const ranking = await this.eligibility.rank(manager, listing, lots, live.map((b) => candidateOfBid(listing, b)), standings);
    return { lots, bids: new Map(live.map((b) => [b.id, b])), ranking, domainLots: await this.domainLots(manager, listing, lots) };
  }

  private async domainLots(manager: EntityManager, listing: Listing, lots: readonly Lot[]): Promise<DomainLot[]> {
    const cases = await manager.find(ListingCase, { where: { listingId: listing.id } });
    return lots.map((lot) => {
      const mine = cases.filter((c) => c.lotKey === lot.key).sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
      return {
        key: lot.key,
        cases: mine.map((c) => ({ id: c.caseId, region: c.region, bucket: c.bucket as Bucket, balance: { amount: c.balanceAmount, currency: c.currency } })),
        total_balance: { amount: lot.totalBalanceAmount, currency: lot.currency },
      };
    });
  }

  private shareOf(listing: Listing) {
    return listing.challengerShareBps !== null ? { challenger_share_bps: listing.challengerShareBps } : {};
  }

  /** The lender's picks: one live, eligible bid per lot, within each partner's free capacity. */
  private manual(dto: AwardDto, lots: readonly Lot[], domainLots: readonly DomainLot[], bids: ReadonlyMap<string, Bid>, ranking: Ranking) {
    const errors: FieldError[] = [];
    const chosen = new Map<string, { bid: Bid; index: number }>();
    const used = new Map<string, number>();
    (dto.selections ?? []).forEach((s, i) => {
      const at = `selections[${i}]`;
      const lotKey = s.lot_key ?? (lots.length === 1 ? lots[0]!.key : undefined);
      if (lotKey === undefined) return errors.push({ field: `${at}.lot_key`, code: 'award.lot_required', message: `this listing has ${lots.length} lots: name the lot` });
      if (!lots.some((l) => l.key === lotKey)) return errors.push({ field: `${at}.lot_key`, code: 'award.unknown_lot', message: `no lot ${lotKey} on this listing` });
      if (chosen.has(lotKey)) return errors.push({ field: `${at}.lot_key`, code: 'award.duplicate_lot', message: `lot ${lotKey} is selected twice` });
      const bid = bids.get(s.bid_id);
      if (!bid) return errors.push({ field: `${at}.bid_id`, code: 'award.bid_not_live', message: 'no live bid with this id on this listing' });
      const standing = ranking.candidates.find((c) => c.id === bid.id);
      if (!(ranking.perLot.get(lotKey) ?? []).some((b) => b.bid_id === bid.id)) {
        const why = standing?.reasons.map((r) => r.message).join('; ') || `the partner may not serve lot ${lotKey}`;
        return errors.push({ field: `${at}.bid_id`, code: 'award.bid_not_eligible', message: why });
      }
      const count = (used.get(bid.partnerOrgId) ?? 0) + 1;
      if (count > (ranking.freeCapacity.get(bid.partnerOrgId) ?? 0)) {
        return errors.push({ field: `${at}.bid_id`, code: 'award.no_capacity', message: 'the partner has no free capacity for another job' });
      }
      used.set(bid.partnerOrgId, count);
      chosen.set(lotKey, { bid, index: i });
    });
    if (errors.length > 0) throw MarketplaceErrors.invalidAward(errors);
    const awards: LotAward[] = [];
    for (const lot of domainLots) {
      const pick = chosen.get(lot.key);
      if (!pick) continue;
      awards.push({ lot_key: lot.key, role: 'champion', bid_id: pick.bid.id, partner_id: pick.bid.partnerOrgId, case_ids: lot.cases.map((c) => c.id), total_balance: lot.total_balance });
    }
    return { awards, unallocated_lot_keys: domainLots.filter((l) => !chosen.has(l.key)).map((l) => l.key) };
  }

  private async commit(
    manager: EntityManager,
    args: {
      listing: Listing;
      lots: readonly Lot[];
      bids: ReadonlyMap<string, Bid>;
      ranking: Ranking;
      awards: readonly LotAward[];
      unallocated: readonly string[];
      mode: AwardMode;
      actor: Principal | null;
    },
  ): Promise<AwardOutcome> {
    const { listing, bids, ranking, awards } = args;
    const now = this.clock.now();
    assertTransition(LISTING_STATE_MACHINE, listing.status, 'awarded');
    listing.status = 'awarded';
    listing.awardedAt = now;
    listing.updatedAt = now;
    await manager.update(Listing, { id: listing.id }, { status: 'awarded', awardedAt: now, updatedAt: now });

    const perLot: Record<string, PerLotEntry[]> = {};
    for (const [key, entries] of ranking.perLot) {
      perLot[key] = entries.map((e) => ({ candidate_id: e.bid_id, partner_org_id: e.partner_id, bid_id: bids.has(e.bid_id) ? e.bid_id : null }));
    }
    const scoreOf = (candidateId: string) => {
      const c = ranking.candidates.find((x) => x.id === candidateId);
      return c ? { score: c.score, rank: c.rank, breakdown: c.breakdown } : null;
    };
    const award = manager.create(Award, {
      id: randomUUID(),
      listingId: listing.id,
      lenderOrgId: listing.orgId,
      mode: args.mode,
      decidedByUserId: args.actor?.userId ?? null,
      decidedAt: now,
      ranking: { weights: listing.weights, priors: ranking.priors, candidates: ranking.candidates, per_lot: perLot },
      allocation: { awards: awards.map((a) => ({ ...a, candidate_id: a.bid_id, bid_id: bids.has(a.bid_id) ? a.bid_id : null, ...scoreOf(a.bid_id) })) },
      unallocatedLotKeys: [...args.unallocated],
    });
    await manager.insert(Award, award);

    const wonBids = new Set(awards.filter((a) => bids.has(a.bid_id)).map((a) => a.bid_id));
    const lost = [...bids.values()].filter((b) => !wonBids.has(b.id));
    if (wonBids.size > 0) await manager.update(Bid, { id: In([...wonBids]) }, { status: 'won', updatedAt: now });
    if (lost.length > 0) await manager.update(Bid, { id: In(lost.map((b) => b.id)) }, { status: 'lost', updatedAt: now });

    const schedule = await manager.findOneByOrFail(FeeScheduleVersion, { id: listing.feeScheduleId });
    const offers: NewOffer[] = awards.map((a) => {
      const bid = bids.get(a.bid_id);
      const terms = bid ? termsOfBid(bid) : termsWithoutBid(listing.bounds, listing.kind);
      return {
        listingId: listing.id,
        awardId: award.id,
        lotKey: a.lot_key,
        title: jobTitle(listing, args.lots.length, a.lot_key),
        role: a.role,
        kind: listing.kind,
        lenderOrgId: listing.orgId,
        partnerOrgId: a.partner_id,
        bidId: bid?.id ?? null,
        caseIds: a.case_ids,
        vehicleId: listing.vehicleId,
        feeScheduleId: schedule.id,
        frozenTerms: freezeTerms(schedule, terms, listing.kind, now),
        score: scoreOf(a.bid_id),
        acceptHours: listing.acceptHours,
        offerRound: 1,
        autoRecallOnBreach: listing.autoRecallOnBreach,
        promiseGraceDays: listing.promiseGraceDays,
      };
    });
    const jobs = await this.jobOffers.offer(manager, offers);

    const byPartner = new Map<string, string[]>();
    for (const a of awards) byPartner.set(a.partner_id, [...(byPartner.get(a.partner_id) ?? []), ...a.case_ids]);
    for (const [partner, caseIds] of byPartner) {
      if (caseIds.length > 0) await this.cases.markAssigned(manager, listing.orgId, caseIds, partner, { reason: `awarded on listing ${listing.id}` });
    }
    if (listing.kind === 'repossession' && listing.vehicleId && jobs.length > 0) {
      await this.vehicles.markRepoOrdered(manager, listing.orgId, listing.vehicleId, `repossession awarded on listing ${listing.id}`);
    }
    const unallocatedCases = args.lots.filter((l) => args.unallocated.includes(l.key)).flatMap((l) => l.caseIds);
    if (unallocatedCases.length > 0) {
      await this.cases.moveStatus(manager, listing.orgId, unallocatedCases, 'new', { reason: `no eligible bidder with capacity for its lot on listing ${listing.id}` });
    }

    await this.outbox.record(manager, {
      type: 'listing.awarded',
      aggregateType: 'listing',
      aggregateId: listing.id,
      orgIds: [listing.orgId, ...byPartner.keys()],
      payload: {
        listing_id: listing.id,
        listing_title: listing.title,
        award_id: award.id,
        mode: args.mode,
        jobs: jobs.map((j) => ({ job_id: j.id, lot_key: j.lotKey, role: j.role, partner_org_id: j.partnerOrgId })),
        unallocated_lot_keys: [...args.unallocated],
      },
    });
    if (lost.length > 0) {
      await this.outbox.recordMany(
        manager,
        lost.map((b) => ({ type: 'bid.lost', aggregateType: 'bid', aggregateId: b.id, orgIds: [b.partnerOrgId], payload: { bid_id: b.id, listing_id: listing.id, listing_title: listing.title, partner_org_id: b.partnerOrgId } })),
      );
    }
    return { award, jobs };
  }

  private async expire(manager: EntityManager, listing: Listing, lots: readonly Lot[], bids: ReadonlyMap<string, Bid>): Promise<void> {
    const now = this.clock.now();
    assertTransition(LISTING_STATE_MACHINE, listing.status, 'expired');
    await manager.update(Listing, { id: listing.id }, { status: 'expired', endedAt: now, updatedAt: now });
    if (bids.size > 0) await manager.update(Bid, { id: In([...bids.keys()]) }, { status: 'lost', updatedAt: now });
    const caseIds = lots.flatMap((l) => l.caseIds);
    if (caseIds.length > 0) await this.cases.moveStatus(manager, listing.orgId, caseIds, 'new', { reason: `listing ${listing.id} expired without an eligible bid` });
    await this.outbox.record(manager, {
      type: 'listing.expired',
      aggregateType: 'listing',
      aggregateId: listing.id,
      orgIds: [listing.orgId, ...new Set([...bids.values()].map((b) => b.partnerOrgId))],
      payload: { listing_id: listing.id, listing_title: listing.title, reason: bids.size === 0 ? 'no bids' : 'no eligible bid with free capacity', bids: bids.size, case_ids: caseIds },
    });
  }

  // ---- re-offer ------------------------------------------------------------------------------

  /**
   * An offer ended untaken (declined or expired). When the listing allows it, the lot goes to the
   * next-best candidate of the award's ranking that was not offered it yet and may still serve it
   * with free capacity; else its cases go back to the lender's book and the lender is told.
   */
  private async reoffer(manager: EntityManager, job: Job, why: OfferEndedWhy): Promise<Job[]> {
    const listing = await this.lockListing(manager, job.listingId);
    const award = await manager.findOneByOrFail(Award, { id: job.awardId });
    const next = listing.reoffer && listing.biddingMode !== 'direct' ? await this.nextCandidate(manager, listing, award, job) : null;
    const cases = job.caseIds.length === 0 ? [] : await this.cases.loadForMarketplace(manager, listing.orgId, job.caseIds, { lock: true });
    // A job recalled on an SLA breach has already moved its cases to `recalled` (issue 12).
    const recalled = why === 'sla_breached';
    const held = cases.filter((c) => (recalled ? c.status === 'recalled' : c.status === 'assigned' && c.assignedOrgId === job.partnerOrgId)).map((c) => c.id);
    if (held.length > 0 && !recalled) await this.cases.moveStatus(manager, listing.orgId, held, 'returned', { reason: `job ${job.id} ${why}` });

    if (!next) {
      // A recalled case stays `recalled`, which the lender re-lists in one call (`POST /v1/listings` with its ids).
      if (held.length > 0 && !recalled) await this.cases.moveStatus(manager, listing.orgId, held, 'new', { reason: `job ${job.id} ${why}; no further bid to offer it to` });
      await this.outbox.record(manager, {
        type: 'listing.offer_unfilled',
        aggregateType: 'listing',
        aggregateId: listing.id,
        orgIds: [listing.orgId],
        payload: { listing_id: listing.id, listing_title: listing.title, job_id: job.id, lot_key: job.lotKey, why, case_ids: held, reoffer_allowed: listing.reoffer && listing.biddingMode !== 'direct' },
      });
      return [];
    }

    if (held.length > 0) {
      await this.cases.moveStatus(manager, listing.orgId, held, 'listed', { reason: `re-offer of lot ${job.lotKey} on listing ${listing.id}` });
      await this.cases.markAssigned(manager, listing.orgId, held, next.partner_org_id, { reason: `re-offered on listing ${listing.id}` });
    }
    const bid = next.bid_id ? await manager.findOneBy(Bid, { id: next.bid_id }) : null;
    const terms = bid ? termsOfBid(bid) : termsWithoutBid(listing.bounds, listing.kind);
    if (bid) await manager.update(Bid, { id: bid.id }, { status: 'won', updatedAt: this.clock.now() });
    const candidate = (award.ranking.candidates as { id: string; score: number | null; rank: number | null; breakdown: JsonValue }[]).find((c) => c.id === next.candidate_id);
    const [offered] = await this.jobOffers.offer(manager, [
      {
        listingId: listing.id,
        awardId: award.id,
        lotKey: job.lotKey,
        title: job.title,
        role: job.role,
        kind: job.kind,
        lenderOrgId: listing.orgId,
        partnerOrgId: next.partner_org_id,
        bidId: bid?.id ?? null,
        caseIds: held,
        vehicleId: job.vehicleId,
        feeScheduleId: job.feeScheduleId,
        frozenTerms: freezeTerms(frozenSchedule(job.frozenTerms), terms, listing.kind, this.clock.now()),
        score: candidate ? { score: candidate.score, rank: candidate.rank, breakdown: candidate.breakdown } : null,
        acceptHours: listing.acceptHours,
        offerRound: job.offerRound + 1,
        autoRecallOnBreach: listing.autoRecallOnBreach,
        promiseGraceDays: listing.promiseGraceDays,
      },
    ]);
    await this.outbox.record(manager, {
      type: 'listing.reoffered',
      aggregateType: 'listing',
      aggregateId: listing.id,
      orgIds: [listing.orgId],
      payload: { listing_id: listing.id, listing_title: listing.title, lot_key: job.lotKey, previous_job_id: job.id, job_id: offered!.id, partner_org_id: next.partner_org_id, why },
    });
    return [offered!];
  }

  private async nextCandidate(manager: EntityManager, listing: Listing, award: Award, job: Job): Promise<PerLotEntry | null> {
    const entries = ((award.ranking.per_lot as Record<string, PerLotEntry[]>)[job.lotKey] ?? []) as PerLotEntry[];
    const offered = await this.jobOffers.offeredPartners(manager, listing.id, job.lotKey);
    const lot = await manager.findOneByOrFail(Lot, { listingId: listing.id, key: job.lotKey });
    const remaining = entries.filter((e) => !offered.has(e.partner_org_id));
    if (remaining.length === 0) return null;
    const active = await this.jobOffers.activeCounts(remaining.map((e) => e.partner_org_id), manager);
    const capacities = await this.partners.capacities(remaining.map((e) => e.partner_org_id));
    for (const entry of remaining) {
      if ((capacities.get(entry.partner_org_id) ?? 0) - (active.get(entry.partner_org_id) ?? 0) <= 0) continue;
      if (listing.blockedPartnerIds.includes(entry.partner_org_id)) continue;
      let serves = true;
      for (const region of lot.regions) {
        if (!(await this.partners.mayServe(entry.partner_org_id, { capability: listing.capability, region })).eligible) serves = false;
      }
      if (serves) return entry;
    }
    return null;
  }

  presentAward(award: Award, jobs: readonly Job[]): JsonObject {
    return {
      id: award.id,
      listing_id: award.listingId,
      mode: award.mode,
      decided_at: award.decidedAt.toISOString(),
      decided_by_user_id: award.decidedByUserId,
      allocation: award.allocation.awards,
      unallocated_lot_keys: award.unallocatedLotKeys,
      ranking: award.ranking,
      jobs: jobs.map((j) => ({ id: j.id, lot_key: j.lotKey, role: j.role, partner_org_id: j.partnerOrgId, status: j.status, case_ids: j.caseIds, accept_deadline: j.acceptDeadline.toISOString() })),
    };
  }
}

/** What notifications call a job: its listing's title, and the lot when the listing has several. */
export function jobTitle(listing: Pick<Listing, 'title'>, lotCount: number, lotKey: string): string {
  return lotCount > 1 ? `${listing.title} — lot ${lotKey}` : listing.title;
}
