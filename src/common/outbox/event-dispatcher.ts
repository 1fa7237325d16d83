import { applyDecorators, Injectable, Logger, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JobHandler, JobProcessor } from '../queue/job';
import { DOMAIN_EVENT_JOB, DomainEventMessage } from './domain-event';

export interface DomainEventSubscriber {
  handle(event: DomainEventMessage, manager: EntityManager): Promise<void>;
}

const SUBSCRIBER = 'reclaim:domain-event-subscriber';

interface SubscriberSpec {
  readonly consumer: string;
  readonly types: readonly string[] | '*';
}

/**
 * Declares a consumer of domain events. `consumer` names it in `event_consumptions`, which is
 * what makes it idempotent by event id: a redelivered event is skipped by a consumer that has it.
 */
export function SubscribesTo(consumer: string, types: readonly string[] | '*'): ClassDecorator {
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
