import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { OrgKind } from '../common/tenancy/principal';
import { Org } from './org.entity';

/**
 * Organisation names for the events other modules record (DESIGN §9: a notification names who
 * did what). Read through the caller's manager, so inside its transaction.
 */
@Injectable()
export class OrgNamesService {
  async namesOf(manager: EntityManager, orgIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(orgIds)];
    if (unique.length === 0) return new Map();
    const orgs = await manager.find(Org, { select: { id: true, name: true }, where: { id: In(unique) } });
    return new Map(orgs.map((o) => [o.id, o.name]));
  }

  async nameOf(manager: EntityManager, orgId: string): Promise<string> {
    return (await this.namesOf(manager, [orgId])).get(orgId) ?? '';
  }

  /** The organisation's kind, or null when there is none with that id (an admin naming a buyer). */
  async kindOf(manager: EntityManager, orgId: string): Promise<OrgKind | null> {
    return (await manager.findOne(Org, { select: { id: true, kind: true }, where: { id: orgId } }))?.kind ?? null;
  }
}
