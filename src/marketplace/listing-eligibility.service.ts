import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { proximityOf, ScoringScope } from '../analytics/domain/scoring-inputs';
import { ScorecardQueries } from '../analytics/scorecard-queries.service';
import { CaseLifecycleService, CaseLocation } from '../cases/case-lifecycle.service';
import { JobOffers } from '../jobs/job-offers.service';
import { PartnerEligibilityService } from '../partners/partner-eligibility.service';
import type { ServiceArea, ServiceTarget } from '../partners/domain/region';
import type { ServableRegions } from '../partners/domain/servable-regions';
import { BidToScore, PartnerStats, PlatformPriors, rankBids, ScoredBid, scoreBids } from './domain/bid-scoring';
import { LotBidder } from './domain/portfolio-lots';
import { Listing, Lot } from './listing.entity';
import { Reason } from './marketplace.errors';

/** Where a partner stands on one listing: which lots it may serve, and why not the others. */
export interface PartnerStanding {
  readonly partnerOrgId: string;
  /** Lots whose every region the partner may serve (DESIGN §3 serve function), unless blocked. */
  readonly eligibleLots: readonly string[];
  readonly reasons: readonly Reason[];
  /** Declared max concurrent jobs (DESIGN §3); 0 when none is declared. */
  readonly capacity: number;
  readonly blocked: boolean;
  /** Declared service areas (DESIGN §3), for the proximity component. */
  readonly serviceAreas: readonly ServiceArea[];
}

export interface Candidate {
  /** The bid's id, or the partner's org id for offers made without bids (auto_assign). */
  readonly id: string;
  readonly partnerOrgId: string;
  readonly placedAt: Date;
  readonly effectiveFee: number;
  /** Lots the candidate asks for; null for all. */
  readonly lotKeys: readonly string[] | null;
}

export type RankedCandidate = {
  readonly id: string;
  readonly partner_org_id: string;
  readonly eligible: boolean;
  readonly reasons: readonly Reason[];
  readonly eligible_lots: readonly string[];
  readonly rank: number | null;
  readonly score: number | null;
  readonly breakdown: ScoredBid['breakdown'] | null;
  /** What the score was computed from, kept with the award so it explains itself later (issue 17). */
  readonly inputs: ScoreInputs | null;
};

/** The inputs of one candidate's score: the scorecard counts read, from which record, and the proximity. */
export type ScoreInputs = {
  readonly effective_fee: number;
  readonly stats: { readonly [K in keyof PartnerStats]: number };
  /** `kind`: the partner's record for the kind of work; `kind_region`: in the listing's region. */
  readonly record: ScoringScope;
  readonly region: string | null;
  readonly proximity: number;
};

export type Ranking = {
  readonly candidates: readonly RankedCandidate[];
  /** Eligible candidates per lot, best first: what allocation and re-offers walk down. */
  readonly perLot: ReadonlyMap<string, readonly LotBidder[]>;
  /** Free job slots per partner (declared capacity minus active jobs). */
  readonly freeCapacity: ReadonlyMap<string, number>;
  readonly priors: PlatformPriors;
};

type ListingTerms = Pick<Listing, 'capability' | 'blockedPartnerIds'>;
type LotRegions = Pick<Lot, 'key' | 'regions'>;

const dedupe = (reasons: readonly Reason[]): Reason[] => {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/**
 * Eligibility of partners for a listing and the explainable ranking of its bids (DESIGN §5).
 * `standings` asks the partner network (its own connections) and runs before any row lock is
 * taken; `rank` reads only through the caller's manager, so it can run under the listing lock
 * without needing a second connection from the pool.
 */
@Injectable()
export class ListingEligibilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly partners: PartnerEligibilityService,
    private readonly jobOffers: JobOffers,
    private readonly scorecards: ScorecardQueries,
    private readonly cases: CaseLifecycleService,
  ) {}

  async standings(listing: ListingTerms, lots: readonly LotRegions[], partnerOrgIds: readonly string[]): Promise<Map<string, PartnerStanding>> {
    const [byListing] = await this.standingsOnListings([{ listing, lots }], partnerOrgIds);
    return byListing!;
  }

  /**
   * Standings of partners on several listings at once (a listing page, a publication's
   * audience): a fixed number of queries, whatever the number of listings, lots and partners.
   */
  async standingsOnListings(listings: readonly { readonly listing: ListingTerms; readonly lots: readonly LotRegions[] }[], partnerOrgIds: readonly string[]): Promise<Map<string, PartnerStanding>[]> {
    const unique = [...new Set(partnerOrgIds)];
    const questions = listings.flatMap(({ listing, lots }) => [...new Set(lots.flatMap((l) => l.regions))].map((region) => ({ capability: listing.capability, region })));
    const { answers, capacities, serviceAreas: areas } = await this.partners.standingsOf(unique, questions);
    return listings.map(({ listing, lots }) => {
      const result = new Map<string, PartnerStanding>();
      for (const partnerOrgId of unique) {
        const blocked = listing.blockedPartnerIds.includes(partnerOrgId);
        const byRegion = new Map<string, readonly Reason[]>();
        for (const region of new Set(lots.flatMap((l) => l.regions))) {
          byRegion.set(region, answers.get(partnerOrgId, listing.capability, region).reasons.map((r) => ({ code: r.code, message: r.message })));
        }
        const eligibleLots = blocked ? [] : lots.filter((l) => l.regions.every((r) => byRegion.get(r)!.length === 0)).map((l) => l.key);
        const reasons: Reason[] = blocked ? [{ code: 'listing.partner_blocked', message: 'the lender does not take bids from this partner on this listing' }] : [];
        if (!blocked && eligibleLots.length === 0) reasons.push(...[...byRegion.values()].flat());
        result.set(partnerOrgId, { partnerOrgId, eligibleLots, reasons: dedupe(reasons), capacity: capacities.get(partnerOrgId) ?? 0, blocked, serviceAreas: areas.get(partnerOrgId) ?? [] });
      }
      return result;
    });
  }

  /** Free slots: declared capacity minus active jobs. */
  async freeCapacity(standings: ReadonlyMap<string, PartnerStanding>, manager: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    const active = await this.jobOffers.activeCounts([...standings.keys()], manager);
    return new Map([...standings.values()].map((s) => [s.partnerOrgId, Math.max(0, s.capacity - (active.get(s.partnerOrgId) ?? 0))]));
  }

  /**
   * What a partner's listing page filters on: where it may serve each of its capabilities today
   * (in SQL) and its free slots, declared capacity minus active jobs (none free: no open listing).
   */
  async searchStanding(partnerOrgId: string): Promise<{ servable: ServableRegions; free: number }> {
    const [{ servable, capacity }, active] = await Promise.all([this.partners.servableRegionsAndCapacity(partnerOrgId), this.jobOffers.activeCounts([partnerOrgId])]);
    return { servable, free: Math.max(0, (capacity ?? 0) - (active.get(partnerOrgId) ?? 0)) };
  }

  /**
   * Scores the eligible candidates against each other and ranks them (ties: the earlier bid).
   * A candidate below the listing's minimum score stays in the answer, marked ineligible.
   */
  async rank(
    manager: EntityManager,
    listing: Pick<Listing, 'orgId' | 'kind' | 'weights' | 'minScore'>,
    lots: readonly Pick<Lot, 'key' | 'regions' | 'caseIds'>[],
    candidates: readonly Candidate[],
    standings: ReadonlyMap<string, PartnerStanding>,
  ): Promise<Ranking> {
    const partnerIds = [...new Set(candidates.map((c) => c.partnerOrgId))];
    // DESIGN §5: the scorecard for the kind of work, in the listing's region when it has one.
    const regions = [...new Set(lots.flatMap((l) => l.regions))];
    const region = regions.length === 1 ? regions[0]! : null;
    // One after another: they share the caller's connection (and its transaction).
    const { priors, records } = await this.scorecards.scoringRecords(manager, partnerIds, listing.kind, region);
    const active = await this.jobOffers.activeCounts(partnerIds, manager);
    const freeCapacity = new Map<string, number>();
    const lotsOf = (c: Candidate): string[] => {
      const eligible = standings.get(c.partnerOrgId)?.eligibleLots ?? [];
      return eligible.filter((k) => c.lotKeys === null || c.lotKeys.includes(k));
    };
    const eligible = candidates.filter((c) => lotsOf(c).length > 0);
    const inputs = new Map<string, ScoreInputs>();
    const locations = await this.cases.locationsOf(manager, listing.orgId, lots.flatMap((l) => l.caseIds));
    // Where each lot's work is: its cases' regions, postal codes and vehicle positions (a lot whose cases are not all read keeps its regions).
    const lotTargets = new Map<string, ServiceTarget[]>(
      lots.map((l) => [l.key, l.caseIds.length > 0 && l.caseIds.every((id) => locations.has(id)) ? l.caseIds.map((id) => targetOf(locations.get(id)!)) : l.regions.map((region) => ({ region }))]),
    );
    const toScore: BidToScore[] = eligible.map((c) => {
      const record = records.get(c.partnerOrgId)!;
      const s = record.counts;
      const capacity = standings.get(c.partnerOrgId)?.capacity ?? 0;
      const activeJobs = active.get(c.partnerOrgId) ?? 0;
      freeCapacity.set(c.partnerOrgId, Math.max(0, capacity - activeJobs));
      const partnerStats: PartnerStats = { ...s, active_jobs: activeJobs, capacity };
      // DESIGN §5 proximity: how near the partner's service areas (region, postal prefixes, centre and
      // radius) are to the cases of the lots it may take, on average over those cases.
      const areas = standings.get(c.partnerOrgId)?.serviceAreas ?? [];
      const targets = lotsOf(c).flatMap((k) => lotTargets.get(k) ?? []);
      const proximity = targets.length === 0 ? 0 : Math.round((targets.reduce((sum, target) => sum + proximityOf(areas, target), 0) / targets.length) * 10_000) / 10_000;
      inputs.set(c.id, { effective_fee: c.effectiveFee, stats: partnerStats, record: record.scope, region: record.scope === 'kind_region' ? region : null, proximity });
      return { bid_id: c.id, partner_id: c.partnerOrgId, placed_at: c.placedAt, effective_fee: c.effectiveFee, stats: partnerStats, proximity };
    });
    const ranked = toScore.length > 0 ? rankBids(scoreBids(toScore, { priors, weights: listing.weights })) : [];
    const minScore = listing.minScore;
    const accepted = ranked.filter((r) => minScore === null || r.score >= minScore);
    const byId = new Map(ranked.map((r) => [r.bid_id, r]));
    const rankOf = new Map(accepted.map((r, i) => [r.bid_id, i + 1]));
    const perLot = new Map<string, LotBidder[]>(lots.map((l) => [l.key, []]));
    for (const r of accepted) {
      const c = candidates.find((x) => x.id === r.bid_id)!;
      for (const key of lotsOf(c)) perLot.get(key)?.push({ bid_id: r.bid_id, partner_id: r.partner_id });
    }
    const view: RankedCandidate[] = candidates.map((c) => {
      const scored = byId.get(c.id) ?? null;
      const standing = standings.get(c.partnerOrgId);
      const reasons: Reason[] = [...(standing?.reasons ?? [])];
      if (standing && standing.eligibleLots.length > 0 && lotsOf(c).length === 0) reasons.push({ code: 'bid.no_eligible_lot', message: 'the partner may serve none of the lots the bid is for' });
      if (scored && !rankOf.has(c.id)) reasons.push({ code: 'bid.below_min_score', message: `score ${scored.score} is below the listing's minimum of ${minScore}` });
      return {
        id: c.id,
        partner_org_id: c.partnerOrgId,
        eligible: rankOf.has(c.id),
        reasons,
        eligible_lots: lotsOf(c),
        rank: rankOf.get(c.id) ?? null,
        score: scored?.score ?? null,
        breakdown: scored?.breakdown ?? null,
        inputs: inputs.get(c.id) ?? null,
      };
    });
    view.sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER));
    return { candidates: view, perLot, freeCapacity, priors };
  }
}

function targetOf(location: CaseLocation): ServiceTarget {
  return { region: location.region, ...(location.postalCode ? { postal_code: location.postalCode } : {}), ...(location.position ? { position: { lat: location.position.latitude, lng: location.position.longitude } } : {}) };
}
