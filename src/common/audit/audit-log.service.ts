import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PassThrough, Readable } from 'node:stream';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { csvWriter } from '../csv/csv-writer';
import { Page, paginate } from '../pagination/pagination';
import { Principal } from '../tenancy/principal';
import { AuditEntry } from './audit-entry.entity';
import { AuditLogQueryDto } from './audit-log.dto';

export interface AuditEntryView {
  id: string;
  created_at: string;
  actor: { org_id: string | null; user_id: string | null; api_key_id: string | null };
  party_org_ids: string[];
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  changes: AuditEntry['changes'];
  outcome_status: number | null;
  request_id: string | null;
  ip: string | null;
}

const CSV_COLUMNS = ['id', 'created_at', 'actor_org_id', 'actor_user_id', 'actor_api_key_id', 'party_org_ids', 'action', 'entity_type', 'entity_id', 'outcome_status', 'changes', 'request_id', 'ip'];
const EXPORT_PAGE = 1000;

/**
 * The audit log's read side (DESIGN §2): platform staff read every entry; any other org the
 * entries its people made and those that name it as a party (a refusal of its agency's attempt).
 * Tenancy is in the query.
 */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(principal: Principal, query: AuditLogQueryDto): Promise<Page<AuditEntryView>> {
    const { items, nextCursor } = await paginate(this.filtered(principal, query), query);
    return { data: items.map(present), next_cursor: nextCursor };
  }

  exportCsv(principal: Principal, query: AuditLogQueryDto): Readable {
    const out = csvWriter(CSV_COLUMNS);
    const stream = new PassThrough();
    out.pipe(stream);
    void (async () => {
      let cursor: string | undefined;
      do {
        const { items, nextCursor } = await paginate(this.filtered(principal, query), { limit: EXPORT_PAGE, cursor }, EXPORT_PAGE);
        for (const e of items) {
          const line = [e.id, e.createdAt.toISOString(), e.actorOrgId ?? '', e.actorUserId ?? '', e.actorApiKeyId ?? '', e.partyOrgIds.join(';'), e.action, e.entityType ?? '', e.entityId ?? '', e.outcomeStatus ?? '', e.changes ? JSON.stringify(e.changes) : '', e.requestId ?? '', e.ip ?? ''];
          if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
        }
        cursor = nextCursor ?? undefined;
      } while (cursor);
      out.end();
    })().catch((err: Error) => stream.destroy(err));
    return stream;
  }

  private filtered(principal: Principal, query: AuditLogQueryDto): SelectQueryBuilder<AuditEntry> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (principal.orgKind === 'platform') qb.where('TRUE');
    else qb.where(new Brackets((w) => w.where('a.actorOrgId = :org', { org: principal.orgId }).orWhere(':org = ANY(a.partyOrgIds)', { org: principal.orgId })));
    if (query.entity) qb.andWhere('a.entityType = :entity', { entity: query.entity });
    if (query.entity_id) qb.andWhere('a.entityId = :entityId', { entityId: query.entity_id });
    if (query.actor) qb.andWhere('(a.actorUserId = :actor OR a.actorApiKeyId = :actor OR a.actorOrgId = :actor)', { actor: query.actor });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.from) qb.andWhere('a.createdAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('a.createdAt < :to', { to: new Date(query.to) });
    return qb;
  }
}

function present(e: AuditEntry): AuditEntryView {
  return {
    id: e.id,
    created_at: e.createdAt.toISOString(),
    actor: { org_id: e.actorOrgId, user_id: e.actorUserId, api_key_id: e.actorApiKeyId },
    party_org_ids: e.partyOrgIds,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    changes: e.changes,
    outcome_status: e.outcomeStatus,
    request_id: e.requestId,
    ip: e.ip,
  };
}
