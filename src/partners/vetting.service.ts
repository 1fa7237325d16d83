import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgNamesService } from '../auth/org-names.service';
import { AuditService } from '../common/audit/audit.service';
import { isCalendarDate } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { forbidden, validationFailed } from '../common/problem/problem';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { credentialDateReasons } from './domain/credential';
import { lapsedRequiredCredentials } from './domain/credential-expiry';
import { PARTNER_STATUS_MACHINE, PartnerStatus } from './domain/partner-status';
import { IdentityVerificationDto } from './dto/partner-profile.dto';
import { PartnerRecords } from './partner-records';
import { PartnerProfile } from './partner-profile.entity';
import { PartnerStatusEventType, PartnerSuspendedPayload } from './partners.events';
import { PartnerErrors } from './partners.errors';
import { toDomainCredential, toDomainRequirement } from './partners.presenter';
import { VettingHistoryEntry } from './vetting-history.entity';

export const VETTING_ACTIONS = ['submit', 'approve', 'reject', 'suspend', 'reinstate', 'revoke'] as const;
export type VettingAction = (typeof VETTING_ACTIONS)[number];

/** What each action does (DESIGN §3). `from` narrows actions that share a target status. */
const ACTIONS: Record<VettingAction, { readonly to: PartnerStatus; readonly from?: PartnerStatus; readonly event: PartnerStatusEventType }> = {
  submit: { to: 'under_review', event: 'partner.submitted' },
  approve: { to: 'approved', from: 'under_review', event: 'partner.approved' },
  reject: { to: 'rejected', event: 'partner.rejected' },
  suspend: { to: 'suspended', event: 'partner.suspended' },
  reinstate: { to: 'approved', from: 'suspended', event: 'partner.reinstated' },
  revoke: { to: 'revoked', event: 'partner.revoked' },
};

/** Status changes of partners: one at a time per partner (row lock), each with history, audit and event. */
@Injectable()
export class VettingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: PartnerRecords,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly orgNames: OrgNamesService,
    private readonly clock: Clock,
  ) {}

  /** An action by a person or API key; refusals (404, 409, 422) leave nothing written. */
  async decide(orgId: string, action: VettingAction, reason: string, actor: Principal): Promise<PartnerProfile> {
    if (!isUuid(orgId)) throw PartnerErrors.partnerNotFound();
    return this.dataSource.transaction(async (m) => {
      const profile = await this.records.lockProfile(m, orgId);
      if (!profile) throw PartnerErrors.partnerNotFound();
      if (action === 'reinstate') await this.assertNoLapse(m, profile);
      return this.apply(m, profile, action, reason.trim(), actor);
    });
  }

  /**
   * Applies an action to a profile the caller has locked in `m`. Used by `decide` and by the daily
   * credential job (actor null: the system).
   */
  async apply(m: EntityManager, profile: PartnerProfile, action: VettingAction, reason: string, actor: Principal | null, extra: { readonly lapsed?: PartnerSuspendedPayload['lapsed'] } = {}): Promise<PartnerProfile> {
    const { to, from, event } = ACTIONS[action];
    const current = profile.status;
    assertTransition(PARTNER_STATUS_MACHINE, current, to);
    if (from !== undefined && current !== from) throw PartnerErrors.wrongAction(action, current, to, from);
    const now = this.clock.now();
    profile.status = to;
    profile.statusChangedAt = now;
    if (action === 'submit') profile.submittedAt = now;
    await m.update(PartnerProfile, { id: profile.id }, { status: to, statusChangedAt: now, submittedAt: profile.submittedAt });
    await m.insert(VettingHistoryEntry, {
      orgId: profile.orgId,
      fromStatus: current,
      toStatus: to,
      reason,
      actorUserId: actor?.userId ?? null,
      actorOrgId: actor?.orgId ?? null,
      actorApiKeyId: actor?.apiKeyId ?? null,
      createdAt: now,
    });
    await this.audit.record(
      { action: `partner.${action}`, principal: actor, entityType: 'partner', entityId: profile.orgId, changes: { status: { before: current, after: to }, reason } },
      m,
    );
    await this.outbox.record(m, {
      type: event,
      aggregateType: 'partner',
      aggregateId: profile.orgId,
      orgIds: [profile.orgId],
      payload: {
        org_id: profile.orgId,
        partner_name: await this.orgNames.nameOf(m, profile.orgId),
        from: current,
        to,
        reason,
        actor_user_id: actor?.userId ?? null,
        automatic: actor === null,
        ...extra,
      },
    });
    return profile;
  }

  /** DESIGN §3: a partner suspended for a lapsed credential comes back once a valid one is on file. */
  private async assertNoLapse(m: EntityManager, profile: PartnerProfile): Promise<void> {
    const credentials = (await this.records.credentialsByOrg([profile.orgId], m)).get(profile.orgId) ?? [];
    const requirements = (await this.records.requirements(undefined, m)).map(toDomainRequirement);
    const on = this.clock.today();
    const domainCredentials = credentials.map(toDomainCredential);
    const lapses = lapsedRequiredCredentials({
      partner: { capabilities: profile.capabilities, service_areas: profile.serviceAreas },
      credentials: domainCredentials,
      requirements,
      on,
    });
    if (lapses.length === 0) return;
    const reasons = lapses.flatMap((lapse) => credentialDateReasons(domainCredentials.find((c) => c.id === lapse.credential_id)!, on));
    throw PartnerErrors.credentialsLapsed(reasons);
  }

  /** An admin records that it checked an individual buyer's identity (DESIGN §3, §7). */
  async recordIdentityVerification(orgId: string, dto: IdentityVerificationDto, actor: Principal): Promise<PartnerProfile> {
    if (!actor.userId) throw forbidden('auth.user_required', 'An identity check is recorded by a person logged in, not with an API key.');
    const today = this.clock.today();
    const verifiedOn = dto.verified_on ?? today;
    if (!isCalendarDate(verifiedOn)) throw validationFailed([{ field: 'verified_on', message: 'verified_on must be a real calendar date' }]);
    if (verifiedOn > today) throw validationFailed([{ field: 'verified_on', message: 'verified_on cannot be in the future' }]);
    if (!isUuid(orgId)) throw PartnerErrors.partnerNotFound();
    return this.dataSource.transaction(async (m) => {
      const profile = await this.records.lockProfile(m, orgId);
      if (!profile) throw PartnerErrors.partnerNotFound();
      if (profile.orgKind !== 'buyer') throw PartnerErrors.notABuyer();
      if (profile.status === 'revoked') throw PartnerErrors.revoked();
      const before = { verified_by: profile.identityVerifiedBy, verified_on: profile.identityVerifiedOn };
      profile.identityVerifiedBy = actor.userId;
      profile.identityVerifiedOn = verifiedOn;
      profile.updatedAt = this.clock.now();
      await m.update(PartnerProfile, { id: profile.id }, { identityVerifiedBy: actor.userId, identityVerifiedOn: verifiedOn, updatedAt: profile.updatedAt });
      await this.audit.record(
        {
          action: 'buyer.identity_verified',
          principal: actor,
          entityType: 'partner',
          entityId: orgId,
          changes: { identity_verification: { before, after: { verified_by: actor.userId, verified_on: verifiedOn } }, reason: dto.reason },
        },
        m,
      );
      await this.outbox.record(m, {
        type: 'buyer.identity_verified',
        aggregateType: 'partner',
        aggregateId: orgId,
        orgIds: [orgId],
        payload: { org_id: orgId, verified_on: verifiedOn, verified_by: actor.userId, reason: dto.reason },
      });
      return profile;
    });
  }
}
