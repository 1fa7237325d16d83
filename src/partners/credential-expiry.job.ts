import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { OrgNamesService } from '../auth/org-names.service';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { defineJob, JobHandler, JobProcessor } from '../common/queue/job';
import { dueExpiryWarnings, lapsedRequiredCredentials, suspensionReason } from './domain/credential-expiry';
import { PartnerRecords } from './partner-records';
import { PartnerProfile } from './partner-profile.entity';
import { toDomainCredential, toDomainRequirement } from './partners.presenter';
import { VettingService } from './vetting.service';

/** Daily at 05:00 UTC, before the working day starts in Europe and after it ends in the Americas. */
export const CREDENTIAL_EXPIRY_JOB = defineJob<Record<string, never>>('partners', 'credentials.expiry-sweep', { repeat: { pattern: '0 5 * * *' } });

export interface ExpirySweepResult {
  readonly warnings: number;
  readonly suspended: number;
}

/**
 * DESIGN §3: warns before a credential expires (`credential.expiring`, once per credential and
 * threshold, deduplicated by the primary key of `credential_expiry_warnings`) and suspends an
 * approved partner the day a required credential lapses (`partner.suspended`). Idempotent: a
 * second run on the same day finds nothing new. Each partner is its own transaction, so one
 * failure does not hold back the others; the next run picks up whatever was missed.
 */
@JobHandler(CREDENTIAL_EXPIRY_JOB)
export class CredentialExpiryJob implements JobProcessor<Record<string, never>> {
  private readonly logger = new Logger('CredentialExpiryJob');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: PartnerRecords,
    private readonly vetting: VettingService,
    private readonly outbox: OutboxService,
    private readonly orgNames: OrgNamesService,
    private readonly clock: Clock,
  ) {}

  async handle(_data: Record<string, never>): Promise<ExpirySweepResult> {
    const today = this.clock.today();
    const profiles = await this.dataSource.manager.find(PartnerProfile, { where: { status: In(['applied', 'under_review', 'approved', 'suspended', 'rejected']) } });
    const requirements = (await this.records.requirements()).map(toDomainRequirement);
    let warnings = 0;
    let suspended = 0;
    for (const profile of profiles) {
      try {
        warnings += await this.warn(profile, today);
        if (profile.status === 'approved' && (await this.suspendOnLapse(profile.orgId, requirements, today))) suspended++;
      } catch (err) {
        this.logger.error({ org_id: profile.orgId, err: (err as Error).message }, 'credential sweep failed for a partner');
      }
    }
    return { warnings, suspended };
  }

  private async warn(profile: PartnerProfile, today: string): Promise<number> {
    const credentials = (await this.records.credentialsByOrg([profile.orgId])).get(profile.orgId) ?? [];
    const due = dueExpiryWarnings(credentials.map(toDomainCredential), today);
    let sent = 0;
    for (const warning of due) {
      await this.dataSource.transaction(async (m) => {
        const inserted: unknown[] = await m.query(
          `INSERT INTO credential_expiry_warnings (credential_id, threshold_days, expires_on, sent_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING credential_id`,
          [warning.credential_id, warning.threshold_days, warning.expires_on, this.clock.now()],
        );
        if (inserted.length === 0) return;
        await this.outbox.record(m, {
          type: 'credential.expiring',
          aggregateType: 'partner',
          aggregateId: profile.orgId,
          orgIds: [profile.orgId],
          payload: { org_id: profile.orgId, partner_name: await this.orgNames.nameOf(m, profile.orgId), ...warning },
        });
        sent++;
      });
    }
    return sent;
  }

  /** Re-reads the partner under its row lock, so an admin acting at the same moment is not overwritten. */
  private async suspendOnLapse(orgId: string, requirements: ReturnType<typeof toDomainRequirement>[], today: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const profile = await this.records.lockProfile(m, orgId);
      if (!profile || profile.status !== 'approved') return false;
      const credentials = ((await this.records.credentialsByOrg([orgId], m)).get(orgId) ?? []).map(toDomainCredential);
      const lapses = lapsedRequiredCredentials({
        partner: { capabilities: profile.capabilities, service_areas: profile.serviceAreas },
        credentials,
        requirements,
        on: today,
      });
      const reason = suspensionReason(lapses);
      if (reason === null) return false;
      await this.vetting.apply(m, profile, 'suspend', reason, null, {
        lapsed: lapses.map((l) => ({ credential_id: l.credential_id, credential_type: l.credential_type, expires_on: l.expires_on })),
      });
      return true;
    });
  }
}
