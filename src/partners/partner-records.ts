import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { OrgUsersService } from '../auth/org-users.service';
import { CredentialRequirementRow } from './credential-requirement.entity';
import type { Capability } from './domain/eligibility';
import { PartnerCredential } from './partner-credential.entity';
import { PartnerProfile } from './partner-profile.entity';
import { ProfileParts } from './partners.presenter';
import { StorageYard } from './storage-yard.entity';
import { VettingHistoryEntry } from './vetting-history.entity';
import { ROW_LOCK } from '../common/database/row-lock';

/** Loading of the partner aggregate (profile, yards, credentials, history), batched by org. */
@Injectable()
export class PartnerRecords {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUsers: OrgUsersService,
  ) {}

  profileOf(orgId: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerProfile | null> {
    return manager.findOneBy(PartnerProfile, { orgId });
  }

  profilesOf(orgIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<PartnerProfile[]> {
    if (orgIds.length === 0) return Promise.resolve([]);
    return manager.find(PartnerProfile, { where: { orgId: In([...orgIds]) } });
  }

  /** Approved agencies and tow operators offering a capability, oldest first. */
  async approvedWith(capability: Capability, manager: EntityManager = this.dataSource.manager): Promise<PartnerProfile[]> {
    return manager
      .getRepository(PartnerProfile)
      .createQueryBuilder('p')
      .where(`p.status = 'approved'`)
      .andWhere(`p.orgKind IN ('agency', 'tow_operator')`)
      .andWhere(':capability = ANY(p.capabilities)', { capability })
      .orderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  /** The profile row locked (`ROW_LOCK`): status changes are decided one at a time. */
  lockProfile(manager: EntityManager, orgId: string): Promise<PartnerProfile | null> {
    return manager.getRepository(PartnerProfile).createQueryBuilder('p').setLock(ROW_LOCK).where('p.orgId = :orgId', { orgId }).getOne();
  }

  async credentialsByOrg(orgIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, PartnerCredential[]>> {
    const byOrg = new Map<string, PartnerCredential[]>(orgIds.map((id) => [id, []]));
    if (orgIds.length === 0) return byOrg;
    const rows = await manager.find(PartnerCredential, { where: { orgId: In([...orgIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const row of rows) byOrg.get(row.orgId)?.push(row);
    return byOrg;
  }

  requirements(capability?: Capability, manager: EntityManager = this.dataSource.manager): Promise<CredentialRequirementRow[]> {
    return manager.find(CredentialRequirementRow, {
      where: capability ? { capability } : {},
      order: { capability: 'ASC', region: 'ASC', credentialType: 'ASC' },
    });
  }

  async parts(profiles: readonly PartnerProfile[], options: { history: boolean }): Promise<ProfileParts[]> {
    const orgIds = profiles.map((p) => p.orgId);
    if (orgIds.length === 0) return [];
    const m = this.dataSource.manager;
    const [names, yards, credentials, history] = await Promise.all([
      this.orgUsers.orgNames(orgIds),
      m.find(StorageYard, { where: { orgId: In(orgIds) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.credentialsByOrg(orgIds),
      options.history ? m.find(VettingHistoryEntry, { where: { orgId: In(orgIds) }, order: { seq: 'ASC' } }) : Promise.resolve([]),
    ]);
    return profiles.map((profile) => ({
      profile,
      orgName: names.get(profile.orgId) ?? '',
      yards: yards.filter((y) => y.orgId === profile.orgId),
      credentials: credentials.get(profile.orgId) ?? [],
      ...(options.history ? { history: history.filter((h) => h.orgId === profile.orgId) } : {}),
    }));
  }
}
