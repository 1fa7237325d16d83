import { Injectable } from '@nestjs/common';
import { CalendarDate, assertCalendarDate } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { verifyBuyer } from './domain/buyer-verification';
import { Capability, mayServe } from './domain/eligibility';
import { GeoPoint, isRegionCode, RegionCode, ServiceArea } from './domain/region';
import { NO_REGIONS, ServableRegions, servableRegions } from './domain/servable-regions';
import { VettingReason, VettingResult } from './domain/vetting-reason';
import { CredentialRequirementRow } from './credential-requirement.entity';
import { PartnerCredential } from './partner-credential.entity';
import { PartnerProfile } from './partner-profile.entity';
import { PartnerRecords } from './partner-records';
import { toDomainCredential, toDomainRequirement } from './partners.presenter';

/** The answer every later module gets: eligible or not, and every reason why not. */
export interface Eligibility {
  readonly eligible: boolean;
  readonly reasons: readonly VettingReason[];
}

export interface ServeQuestion {
  readonly capability: Capability;
  readonly region: RegionCode;
  /** Defaults to today (UTC). */
  readonly on?: CalendarDate;
  /** Where inside the region the work is, when known (narrows postal-prefix and radius areas). */
  readonly postal_code?: string;
  readonly position?: GeoPoint;
}

const NO_PROFILE: Eligibility = {
  eligible: false,
  reasons: [{ code: 'partner.not_approved', message: 'the organisation has no partner profile' }],
};

const asEligibility = (result: VettingResult): Eligibility => (result.eligible ? { eligible: true, reasons: [] } : result);

/** The answers of `standingsOf`, by partner, capability and region. */
export interface ServeAnswers {
  get(partnerOrgId: string, capability: Capability, region: string): Eligibility;
}

/** `standingsOf`: the answers, and each partner's declared capacity (null: none) and service areas. */
export interface PartnerStandings {
  readonly answers: ServeAnswers;
  readonly capacities: ReadonlyMap<string, number | null>;
  readonly serviceAreas: ReadonlyMap<string, readonly ServiceArea[]>;
}

/**
 * "May partner P serve capability C in region R on date D" (DESIGN §3): the one answer listings,
 * bids and assignment ask for. It reads the stored profile, credentials and requirement table and
 * applies the pure rule in `domain/eligibility.ts`.
 */
@Injectable()
export class PartnerEligibilityService {
  constructor(
    private readonly records: PartnerRecords,
    private readonly clock: Clock,
  ) {}

  async mayServe(partnerOrgId: string, question: ServeQuestion): Promise<Eligibility> {
    if (!isRegionCode(question.region)) throw new RangeError(`"${question.region}" is not a region code`);
    const on = assertCalendarDate(question.on ?? this.clock.today(), 'on');
    const profile = await this.records.profileOf(partnerOrgId);
    if (!profile || profile.orgKind === 'buyer') return NO_PROFILE;
    const [credentials, requirements] = await Promise.all([
      this.records.credentialsByOrg([partnerOrgId]),
      this.records.requirements(question.capability),
    ]);
    return answer(profile, credentials.get(partnerOrgId) ?? [], requirements, question, on);
  }

  /**
   * `mayServe` for many partners and (capability, region) pairs at once, as a listing page or a
   * publication needs it, with each partner's declared capacity and service areas from the same
   * profiles: three queries whatever the counts (profiles, credentials, requirements).
   */
  async standingsOf(partnerOrgIds: readonly string[], questions: readonly { readonly capability: Capability; readonly region: string }[], on?: CalendarDate): Promise<PartnerStandings> {
    const day = assertCalendarDate(on ?? this.clock.today(), 'on');
    const unique = [...new Set(partnerOrgIds)];
    const [profiles, credentials, requirements] = await Promise.all([this.records.profilesOf(unique), this.records.credentialsByOrg(unique), this.records.requirements()]);
    const profileOf = new Map(profiles.map((p) => [p.orgId, p]));
    const answers = new Map<string, Eligibility>();
    const key = (partner: string, capability: string, region: string) => `${partner}|${capability}|${region}`;
    for (const partnerOrgId of unique) {
      const profile = profileOf.get(partnerOrgId);
      for (const q of questions) {
        if (!isRegionCode(q.region)) throw new RangeError(`"${q.region}" is not a region code`);
        const result =
          !profile || profile.orgKind === 'buyer'
            ? NO_PROFILE
            : answer(profile, credentials.get(partnerOrgId) ?? [], requirements.filter((r) => r.capability === q.capability), { capability: q.capability, region: q.region }, day);
        answers.set(key(partnerOrgId, q.capability, q.region), result);
      }
    }
    return {
      answers: { get: (partner, capability, region) => answers.get(key(partner, capability, region)) ?? NO_PROFILE },
      capacities: new Map(unique.map((id) => [id, profileOf.get(id)?.maxConcurrentJobs ?? null])),
      serviceAreas: new Map(unique.map((id) => [id, profileOf.get(id)?.serviceAreas ?? []])),
    };
  }

  /**
   * Where a partner may serve each capability today, as the finite answer a listing query filters
   * on (`domain/servable-regions.ts`): the same answers as `mayServe`, in three queries; with its
   * declared capacity from the same profile.
   */
  async servableRegionsAndCapacity(partnerOrgId: string, on?: CalendarDate): Promise<{ servable: ServableRegions; capacity: number | null }> {
    const day = assertCalendarDate(on ?? this.clock.today(), 'on');
    const [profile, credentials, requirements] = await Promise.all([this.records.profileOf(partnerOrgId), this.records.credentialsByOrg([partnerOrgId]), this.records.requirements()]);
    if (!profile || profile.orgKind === 'buyer') return { servable: NO_REGIONS, capacity: null };
    const servable = servableRegions({
      partner: { status: profile.status, capabilities: profile.capabilities, service_areas: profile.serviceAreas },
      credentials: (credentials.get(partnerOrgId) ?? []).map(toDomainCredential),
      requirements: requirements.map(toDomainRequirement),
      on: day,
    });
    return { servable, capacity: profile.maxConcurrentJobs };
  }

  /** Declared capacity (max concurrent jobs, DESIGN §3) per partner org; null when none is declared. */
  async capacities(partnerOrgIds: readonly string[]): Promise<Map<string, number | null>> {
    const profiles = await this.records.profilesOf(partnerOrgIds);
    const byOrg = new Map<string, number | null>(partnerOrgIds.map((id) => [id, null]));
    for (const p of profiles) byOrg.set(p.orgId, p.maxConcurrentJobs);
    return byOrg;
  }

  /** Whether a partner org is an approved agency or tow operator: whose record lenders may read (issue 17). */
  async isApprovedServiceProvider(partnerOrgId: string): Promise<boolean> {
    const profile = await this.records.profileOf(partnerOrgId);
    return profile !== null && profile.status === 'approved' && (profile.orgKind === 'agency' || profile.orgKind === 'tow_operator');
  }

  /** Approved agencies and tow operators offering a capability: the candidates of auto-assignment. */
  async candidates(capability: Capability): Promise<string[]> {
    return (await this.records.approvedWith(capability)).map((p) => p.orgId);
  }
}

/** Whether a buyer may bid (DESIGN §3, §7): approved, and verified for its declared type. The deposit is checked by auctions. */
@Injectable()
export class BuyerVerificationService {
  constructor(
    private readonly records: PartnerRecords,
    private readonly clock: Clock,
  ) {}

  async mayBid(buyerOrgId: string, on?: CalendarDate): Promise<Eligibility> {
    const day = assertCalendarDate(on ?? this.clock.today(), 'on');
    const profile = await this.records.profileOf(buyerOrgId);
    if (!profile || profile.orgKind !== 'buyer' || !profile.buyerType) {
      return { eligible: false, reasons: [{ code: 'partner.not_approved', message: 'the organisation has no buyer profile' }] };
    }
    const reasons: VettingReason[] = [];
    if (profile.status !== 'approved') reasons.push({ code: 'partner.not_approved', message: `buyer is ${profile.status}, not approved` });
    const credentials = (await this.records.credentialsByOrg([buyerOrgId])).get(buyerOrgId) ?? [];
    const verification =
      profile.identityVerifiedBy && profile.identityVerifiedOn ? { verified_by: profile.identityVerifiedBy, verified_on: profile.identityVerifiedOn } : null;
    const result = verifyBuyer({ buyer_type: profile.buyerType, credentials: credentials.map(toDomainCredential), identity_verification: verification }, day);
    if (!result.eligible) reasons.push(...result.reasons);
    return { eligible: reasons.length === 0, reasons };
  }
}

function answer(
  profile: PartnerProfile,
  credentials: readonly PartnerCredential[],
  requirements: readonly CredentialRequirementRow[],
  question: Omit<ServeQuestion, 'on'>,
  on: CalendarDate,
): Eligibility {
  return asEligibility(
    mayServe({
      partner: { status: profile.status, capabilities: profile.capabilities, service_areas: profile.serviceAreas },
      credentials: credentials.map(toDomainCredential),
      requirements: requirements.map(toDomainRequirement),
      capability: question.capability,
      region: question.region,
      ...(question.postal_code !== undefined ? { postal_code: question.postal_code } : {}),
      ...(question.position !== undefined ? { position: question.position } : {}),
      on,
    }),
  );
}
