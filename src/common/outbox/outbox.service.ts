import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { JsonObject } from '../json';
import { OutboxEvent } from './outbox-event.entity';

export interface NewDomainEvent {
  readonly type: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** The orgs party to the event, owner first. */
  readonly orgIds: readonly string[];
  readonly payload?: JsonObject;
}

/** Records domain events in the caller's transaction; the relay publishes them after commit. */
@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  async record(manager: EntityManager, event: NewDomainEvent): Promise<string> {
    const [id] = await this.recordMany(manager, [event]);
    return id!;
  }

  async recordMany(manager: EntityManager, events: readonly NewDomainEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const now = this.clock.now();
    const rows = events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      aggregateType: e.aggregateType,
      aggregateId: e.aggregateId,
      orgIds: [...new Set(e.orgIds)],
      payload: e.payload ?? {},
      occurredAt: now,
      publishAttempts: 0,
    }));
    await manager.insert(OutboxEvent, rows);
    return rows.map((r) => r.id);
  }
}
