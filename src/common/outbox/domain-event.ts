import type { EventPayload, EventType } from '../../events/event-catalogue';
import { defineJob } from '../queue/job';
import { ANY_JOB_NAME } from '../queue/job';

/**
 * The envelope every consumer receives; the BullMQ job id is the event id. Narrowing on `type`
 * narrows `payload` to that event's declared payload (see `src/events/event-catalogue.ts`).
 */
export type DomainEventMessage<T extends EventType = EventType> = {
  readonly [K in T]: {
    readonly id: string;
    readonly type: K;
    readonly aggregate_type: string;
    readonly aggregate_id: string;
    readonly org_ids: readonly string[];
    readonly occurred_at: string;
    readonly payload: EventPayload<K>;
  };
}[T];

export const DOMAIN_EVENTS_QUEUE = 'domain-events';

/** Every domain event is a job on this queue, named by its type. */
export const DOMAIN_EVENT_JOB = defineJob<DomainEventMessage>(DOMAIN_EVENTS_QUEUE, ANY_JOB_NAME, {
  options: { attempts: 25, backoff: { type: 'exponential', delay: 2000 } },
  worker: { concurrency: 32 },
});
