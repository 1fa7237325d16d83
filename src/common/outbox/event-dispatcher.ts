import { applyDecorators, Injectable, Logger, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EventType } from '../../events/event-catalogue';
import { JobHandler, JobProcessor } from '../queue/job';
import { DOMAIN_EVENT_JOB, DomainEventMessage } from './domain-event';

/** A consumer of the event types `T`: its `handle` receives their typed payloads. */
export interface DomainEventSubscriber<T extends EventType = EventType> {
  handle(event: DomainEventMessage<T>, manager: EntityManager): Promise<void>;
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

@JobHandler(DOMAIN_EVENT_JOB)
export class DomainEventDispatcher implements JobProcessor<DomainEventMessage>, OnModuleInit {
  private readonly logger = new Logger('DomainEventDispatcher');
  private subscribers: { spec: SubscriberSpec; instance: DomainEventSubscriber }[] = [];

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
    for (const { spec, instance } of this.subscribers) {
      if (spec.types !== '*' && !spec.types.includes(event.type)) continue;
      // The consumption mark and the consumer's own writes commit together, or not at all.
      await this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO event_consumptions (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
          [event.id, spec.consumer],
        );
        if (inserted.length === 0) return;
        await instance.handle(event, manager);
      });
    }
    this.logger.debug({ event_id: event.id, type: event.type }, 'event dispatched');
  }
}
