import { applyDecorators, Injectable, Logger, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EventType } from '../../events/event-catalogue';
import { MicroBatch } from '../batching/micro-batch';
import { JobHandler, JobProcessor } from '../queue/job';
import { DOMAIN_EVENT_JOB, DomainEventMessage } from './domain-event';

/**
 * A consumer of the event types `T`: its `handle` receives their typed payloads. A consumer whose
 * work is set-based may also take several events at once (`handleMany`, the same work as `handle`
 * for each, in one transaction); otherwise the dispatcher calls `handle` for each in turn.
 */
export interface DomainEventSubscriber<T extends EventType = EventType> {
  handle(event: DomainEventMessage<T>, manager: EntityManager): Promise<void>;
  handleMany?(events: readonly DomainEventMessage<T>[], manager: EntityManager): Promise<void>;
}

type SubscriberClass<T extends EventType> = new (...args: never[]) => DomainEventSubscriber<T>;

const SUBSCRIBER = 'reclaim:domain-event-subscriber';

interface SubscriberSpec {
  readonly consumer: string;
  readonly types: readonly EventType[] | '*';
}

/**
 * Declares a consumer of domain events. `consumer` names it in `event_consumptions`, which is
 * what makes it idempotent by event id: a redelivered event is skipped by a consumer that has it.
 */
export function SubscribesTo<T extends EventType>(consumer: string, types: readonly T[]): (target: SubscriberClass<T>) => void;
export function SubscribesTo(consumer: string, types: '*'): (target: SubscriberClass<EventType>) => void;
export function SubscribesTo(consumer: string, types: readonly EventType[] | '*'): (target: SubscriberClass<EventType>) => void {
  return applyDecorators(Injectable(), SetMetadata(SUBSCRIBER, { consumer, types } satisfies SubscriberSpec));
}

/**
 * Hands each domain event to its subscribers, once per subscriber (the consumption mark). Events
 * the worker takes in the same turn of the event loop are dispatched together in one transaction
 * (issue 18: one commit and one consumption insert for the lot, instead of a transaction per event
 * and subscriber); if that transaction fails, each event is dispatched alone as before, so one
 * failing event neither holds back the others nor loses their work.
 */
@JobHandler(DOMAIN_EVENT_JOB)
export class DomainEventDispatcher implements JobProcessor<DomainEventMessage>, OnModuleInit {
  private readonly logger = new Logger('DomainEventDispatcher');
  private subscribers: { spec: SubscriberSpec; instance: DomainEventSubscriber }[] = [];
  private readonly together = new MicroBatch<DomainEventMessage, Error | null>((events) => this.dispatchTogether(events));

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.subscribers = this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && Reflect.getMetadata(SUBSCRIBER, w.metatype))
      .map((w) => ({ spec: Reflect.getMetadata(SUBSCRIBER, w.metatype!) as SubscriberSpec, instance: w.instance as DomainEventSubscriber }));
  }

  async handle(event: DomainEventMessage): Promise<void> {
    const failure = await this.together.run(event);
    if (failure) throw failure;
    this.logger.debug({ event_id: event.id, type: event.type }, 'event dispatched');
  }

  private async dispatchTogether(events: readonly DomainEventMessage[]): Promise<(Error | null)[]> {
    if (events.length > 1) {
      try {
        await this.dataSource.transaction(async (manager) => {
          for (const { spec, instance } of this.subscribers) {
            const fresh = await this.markConsumed(manager, spec, events);
            if (fresh.length === 0) continue;
            if (instance.handleMany) await instance.handleMany(fresh, manager);
            else for (const event of fresh) await instance.handle(event, manager);
          }
        });
        return events.map(() => null);
      } catch (err) {
        this.logger.debug({ events: events.length, err: (err as Error).message }, 'events dispatched together failed; dispatching each alone');
      }
    }
    return Promise.all(events.map((event) => this.dispatchAlone(event).then(() => null, (err: Error) => err)));
  }

  /** Each subscriber in its own transaction: the consumption mark and its writes commit together, or not at all. */
  private async dispatchAlone(event: DomainEventMessage): Promise<void> {
    for (const { spec, instance } of this.subscribers) {
      if (!wants(spec, event)) continue;
      await this.dataSource.transaction(async (manager) => {
        if ((await this.markConsumed(manager, spec, [event])).length > 0) await instance.handle(event, manager);
      });
    }
  }

  /** Marks the events this subscriber wants as consumed by it; returns those it had not consumed yet. */
  private async markConsumed(manager: EntityManager, spec: SubscriberSpec, events: readonly DomainEventMessage[]): Promise<DomainEventMessage[]> {
    const byId = new Map(events.filter((e) => wants(spec, e)).map((e) => [e.id, e]));
    if (byId.size === 0) return [];
    const inserted: { event_id: string }[] = await manager.query(
      `INSERT INTO event_consumptions (event_id, consumer) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING RETURNING event_id`,
      [[...byId.keys()], spec.consumer],
    );
    const fresh = new Set(inserted.map((row) => row.event_id));
    return [...byId.values()].filter((e) => fresh.has(e.id));
  }
}

function wants(spec: SubscriberSpec, event: DomainEventMessage): boolean {
  return spec.types === '*' || spec.types.includes(event.type);
}
