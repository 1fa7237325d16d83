import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
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

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Pass the caller's manager to make the entry part of its transaction. */
  async record(entry: AuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEntry, {
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
    });
  }
}

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
