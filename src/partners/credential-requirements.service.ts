import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { FieldError, validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { CredentialRequirementRow } from './credential-requirement.entity';
import { Capability, resolveRequirements } from './domain/eligibility';
import { PutCredentialRequirementsDto } from './dto/credential.dto';
import { PartnerRecords } from './partner-records';
import { presentRequirement, toDomainRequirement } from './partners.presenter';

/** The platform-edited table of which credentials each capability needs where (DESIGN §3). */
@Injectable()
export class CredentialRequirementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: PartnerRecords,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async list() {
    return { data: (await this.records.requirements()).map(presentRequirement) };
  }

  /** The set that applies to one capability in one region (the most specific set wins outright). */
  async resolved(capability: Capability, region: string) {
    const rows = await this.records.requirements(capability);
    const applied = resolveRequirements(rows.map(toDomainRequirement), capability, region);
    return {
      capability,
      region,
      requirements: applied.map((r) => ({ credential_type: r.credential_type, min_coverage: r.min_coverage ?? null, from_rule_for: r.region })),
    };
  }

  /** Replaces the whole table in one transaction; the audit entry keeps the table before and after. */
  async replace(principal: Principal, dto: PutCredentialRequirementsDto) {
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    dto.requirements.forEach((r, i) => {
      const key = `${r.capability}|${r.region}|${r.credential_type}`;
      const first = seen.get(key);
      if (first !== undefined) errors.push({ field: `requirements[${i}]`, message: `repeats requirements[${first}] (same capability, region and credential type)` });
      else seen.set(key, i);
    });
    if (errors.length > 0) throw validationFailed(errors);
    await this.dataSource.transaction(async (m) => {
      // One editor at a time: the table lock orders concurrent replacements instead of interleaving them.
      await m.query('LOCK TABLE credential_requirements IN SHARE ROW EXCLUSIVE MODE');
      const before = (await this.records.requirements(undefined, m)).map(presentRequirement);
      await m.createQueryBuilder().delete().from(CredentialRequirementRow).execute();
      const now = this.clock.now();
      if (dto.requirements.length > 0) {
        await m.insert(
          CredentialRequirementRow,
          dto.requirements.map((r) => ({
            capability: r.capability,
            region: r.region,
            credentialType: r.credential_type,
            minCoverageAmount: r.min_coverage?.amount ?? null,
            minCoverageCurrency: r.min_coverage?.currency ?? null,
            updatedAt: now,
            updatedByUserId: principal.userId,
          })),
        );
      }
      const after = dto.requirements.map((r) => ({ capability: r.capability, region: r.region, credential_type: r.credential_type, min_coverage: r.min_coverage ? { ...r.min_coverage } : null }));
      await this.audit.record({ action: 'credential_requirements.replace', principal, entityType: 'credential_requirements', changes: { before, after } }, m);
      await this.outbox.record(m, {
        type: 'credential_requirements.updated',
        aggregateType: 'credential_requirements',
        aggregateId: 'platform',
        orgIds: [principal.orgId],
        payload: { count: dto.requirements.length },
      });
    });
    return this.list();
  }
}
