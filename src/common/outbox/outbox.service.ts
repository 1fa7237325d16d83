import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import type { EventPayload, EventType } from '../../events/event-catalogue';
import { JsonObject } from '../json';
import { OutboxEvent } from './outbox-event.entity';

/** An event to record: its type is one of the catalogue's and its payload is that type's. */
export type NewDomainEvent<T extends EventType = EventType> = {
  readonly [K in T]: {
    readonly type: K;
    readonly aggregateType: string;
    readonly aggregateId: string;
    /** The orgs party to the event, owner first (inbox and webhook recipients). */
    readonly orgIds: readonly string[];
    readonly payload: EventPayload<K>;
  };
}[T];

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
    const rows = events.map((e) => {
      const payload: JsonObject = e.payload;
      return {
        id: randomUUID(),
        type: e.type,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        orgIds: [...new Set(e.orgIds)],
        payload,
        occurredAt: now,
        publishAttempts: 0,
      };
    });
    await manager.insert(OutboxEvent, rows);
    return rows.map((r) => r.id);
  }
}
