import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { MicroBatch } from '../batching/micro-batch';
import { Clock } from '../clock/clock';
import { JsonObject, JsonValue } from '../json';
import { Principal } from '../tenancy/principal';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  readonly action: string;
  readonly principal?: Principal | null;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly changes?: JsonObject;
  /** Orgs the entry concerns besides the actor's; they may read it (`GET /v1/audit-log`). */
  readonly partyOrgIds?: readonly string[];
  readonly outcomeStatus?: number;
  readonly request?: FastifyRequest;
}

/**
 * Writes audit entries. An entry outside a transaction (the interceptor's, after the answer is
 * known) joins the others written in the same turn of the event loop in one multi-row INSERT: one
 * commit for the lot instead of one per request (issue 18). Should that INSERT fail, each entry is
 * written alone, so one bad entry fails only its own write.
 */
@Injectable()
export class AuditService {
  private readonly standalone = new MicroBatch<AuditRow, Error | null>((rows) => this.insertTogether(rows));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Pass the caller's manager to make the entry part of its transaction. */
  async record(entry: AuditRecord, manager?: EntityManager): Promise<void> {
    const row = this.rowOf(entry);
    if (manager) {
      await manager.insert(AuditEntry, row);
      return;
    }
    const failure = await this.standalone.run(row);
    if (failure) throw failure;
  }

  private async insertTogether(rows: readonly AuditRow[]): Promise<(Error | null)[]> {
    if (rows.length > 1) {
      try {
        await this.dataSource.manager.insert(AuditEntry, [...rows]);
        return rows.map(() => null);
      } catch {
        // One of them is refused: each alone below, so the others are still written.
      }
    }
    return Promise.all(rows.map((row) => this.dataSource.manager.insert(AuditEntry, row).then(() => null, (err: Error) => err)));
  }

  private rowOf(entry: AuditRecord): AuditRow {
    return {
      createdAt: this.clock.now(),
      actorOrgId: entry.principal?.orgId ?? null,
      actorUserId: entry.principal?.userId ?? null,
      actorApiKeyId: entry.principal?.apiKeyId ?? null,
      partyOrgIds: [...new Set(entry.partyOrgIds ?? [])],
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      changes: entry.changes ?? null,
      outcomeStatus: entry.outcomeStatus ?? null,
      requestId: entry.request?.id ?? null,
      ip: entry.request?.ip ?? null,
      userAgent: (entry.request?.headers['user-agent'] as string | undefined)?.slice(0, 300) ?? null,
    };
  }
}

type AuditRow = Omit<AuditEntry, 'id'>;

/** Before/after of the listed fields that differ, for an audit entry. */
export function diffFields<T extends object>(before: T, after: Partial<T>, fields: readonly (keyof T)[]): JsonObject {
  const changes: JsonObject = {};
  for (const field of fields) {
    if (after[field] !== undefined && JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[String(field)] = { before: before[field] as JsonValue, after: after[field] as JsonValue };
    }
  }
  return changes;
}
