import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { Page, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { mayServe } from './domain/eligibility';
import { areasCover, countryOf, ServiceArea } from './domain/region';
import { AdminPartnersQueryDto, DirectoryQueryDto, EligibilityQueryDto } from './dto/directory.dto';
import { Eligibility, PartnerEligibilityService } from './partner-eligibility.service';
import { PartnerRecords } from './partner-records';
import { PartnerScorecards } from './partner-scorecards.service';
import { PartnerProfile } from './partner-profile.entity';
import { PartnerErrors } from './partners.errors';
import { EMPTY_SCORECARD, presentProfile, toDomainCredential, toDomainRequirement } from './partners.presenter';

/** Statuses a lender may look up one partner in: the ones it may have worked with. */
const LENDER_VISIBLE = ['approved', 'suspended'] as const;

/** Reads across orgs: the lenders' directory, one partner's page, and the platform's review queue. */
@Injectable()
export class PartnerDirectoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: PartnerRecords,
    private readonly eligibility: PartnerEligibilityService,
    private readonly clock: Clock,
    private readonly scorecards: PartnerScorecards,
  ) {}

  /**
   * `GET /v1/partners?capability=&region=`: approved agencies and tow operators that may serve there
   * today. A partner serving only part of the region (postal prefixes, a radius) is listed with
   * `covers: "part_of_region"`; its credentials must still meet the region's requirements.
   */
  async directory(query: DirectoryQueryDto): Promise<Page<unknown>> {
    const qb = this.dataSource.manager
      .getRepository(PartnerProfile)
      .createQueryBuilder('p')
      .where(`p.status = 'approved'`)
      .andWhere(`p.orgKind IN ('agency', 'tow_operator')`);
    if (query.capability) qb.andWhere(':capability = ANY(p.capabilities)', { capability: query.capability });
    if (query.region) {
      qb.andWhere(`EXISTS (SELECT 1 FROM jsonb_array_elements(p.service_areas) area WHERE area->>'region' IN (:region, :country))`, {
        region: query.region,
        country: countryOf(query.region),
      });
    }
    const { items, nextCursor } = await paginate(qb, query);
    const today = this.clock.today();
    const [credentials, requirements] = await Promise.all([
      this.records.credentialsByOrg(items.map((p) => p.orgId)),
      query.capability && query.region ? this.records.requirements(query.capability) : Promise.resolve([]),
    ]);
    const listed: { profile: PartnerProfile; covers: 'whole_region' | 'part_of_region' | null }[] = [];
    for (const profile of items) {
      if (!query.region) {
        listed.push({ profile, covers: null });
        continue;
      }
      const whole = areasCover(profile.serviceAreas, { region: query.region });
      const regionLevel: ServiceArea[] = profile.serviceAreas.map((a) => ({ region: a.region }));
      if (query.capability) {
        const result = mayServe({
          partner: { status: profile.status, capabilities: profile.capabilities, service_areas: regionLevel },
          credentials: (credentials.get(profile.orgId) ?? []).map(toDomainCredential),
          requirements: requirements.map(toDomainRequirement),
          capability: query.capability,
          region: query.region,
          on: today,
        });
        if (!result.eligible) continue;
      } else if (!areasCover(regionLevel, { region: query.region })) continue;
      listed.push({ profile, covers: whole ? 'whole_region' : 'part_of_region' });
    }
    const parts = await this.records.parts(
      listed.map((l) => l.profile),
      { history: false },
    );
    const scorecards = await this.scorecards.of(listed.map((l) => l.profile.orgId));
    return {
      data: parts.map((p, i) => ({
        ...presentProfile(p, { withDocumentLinks: false }),
        ...(listed[i]!.covers ? { covers: listed[i]!.covers } : {}),
        scorecard: scorecards.get(listed[i]!.profile.orgId) ?? { ...EMPTY_SCORECARD },
      })),
      next_cursor: nextCursor,
    };
  }

  /**
   * One partner as the caller may see it: itself and the platform in full (with history and
   * document links), lenders an approved or suspended agency or tow operator (documents as metadata
   * only), everyone else 404.
   */
  async partner(principal: Principal, orgId: string) {
    const profile = await this.visibleProfile(principal, orgId);
    const full = principal.orgKind === 'platform' || principal.orgId === orgId;
    const [parts] = await this.records.parts([profile], { history: full });
    // Only an approved partner's record is published (the rating lenders choose by).
    const scorecard = profile.status === 'approved' ? (await this.scorecards.of([orgId])).get(orgId) : undefined;
    return { ...presentProfile(parts!, { withDocumentLinks: full }), scorecard: scorecard ?? { ...EMPTY_SCORECARD } };
  }

  /** 404 unless the caller may see this partner (as `partner` decides); for other modules' per-partner figures. */
  async assertVisible(principal: Principal, orgId: string): Promise<void> {
    await this.visibleProfile(principal, orgId);
  }

  async eligibilityOf(principal: Principal, orgId: string, query: EligibilityQueryDto): Promise<Eligibility & { on: string }> {
    await this.visibleProfile(principal, orgId);
    const on = query.on ?? this.clock.today();
    const result = await this.eligibility.mayServe(orgId, { capability: query.capability, region: query.region, on });
    return { ...result, on };
  }

  async reviewQueue(query: AdminPartnersQueryDto): Promise<Page<unknown>> {
    const qb = this.dataSource.manager.getRepository(PartnerProfile).createQueryBuilder('p');
    if (query.status) qb.where('p.status = :status', { status: query.status });
    const { items, nextCursor } = await paginate(qb, query);
    const parts = await this.records.parts(items, { history: false });
    return { data: parts.map((p) => presentProfile(p, { withDocumentLinks: true })), next_cursor: nextCursor };
  }

  private async visibleProfile(principal: Principal, orgId: string): Promise<PartnerProfile> {
    if (!isUuid(orgId)) throw PartnerErrors.partnerNotFound();
    const qb = this.dataSource.manager.getRepository(PartnerProfile).createQueryBuilder('p').where('p.orgId = :orgId', { orgId });
    if (principal.orgKind === 'lender') {
      qb.andWhere('p.status IN (:...visible)', { visible: LENDER_VISIBLE }).andWhere(`p.orgKind IN ('agency', 'tow_operator')`);
    } else if (principal.orgKind !== 'platform') {
      qb.andWhere('p.orgId = :self', { self: principal.orgId });
    }
    const profile = await qb.getOne();
    if (!profile) throw PartnerErrors.partnerNotFound();
    return profile;
  }
}
