import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { Page, paginate } from '../common/pagination/pagination';
import { notFound } from '../common/problem/problem';
import { Deadlines } from '../common/queue/deadlines.service';
import { Principal } from '../common/tenancy/principal';
import { findOwnedOr404, isUuid, scopeToOrg } from '../common/tenancy/tenancy';
import { NotificationErrors } from './notifications.errors';
import { presentDelivery } from './notifications.presenter';
import { DeliveriesQuery } from './webhook-endpoints.dto';
import { WEBHOOK_DELIVERY } from './notification-jobs';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { ROW_LOCK } from '../common/database/row-lock';

export interface ScheduledAttempt {
  readonly id: string;
  readonly attempt: number;
  readonly delayMs?: number;
}

/** The webhook body (issue 6): `{ id, type, created_at, data }`, rendered once per delivery. */
export function webhookBody(event: DomainEventMessage): string {
  return JSON.stringify({ id: event.id, type: event.type, created_at: event.occurred_at, data: event.payload });
}

@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly deadlines: Deadlines,
    private readonly clock: Clock,
  ) {}

  /**
   * One delivery per enabled endpoint of each event's party orgs that wants its type and existed
   * when the event happened (an endpoint registered a moment later does not receive the past), for
   * many events in one statement. The unique (event_id, endpoint_id) makes a repeated fan-out add
   * nothing.
   */
  async createForEvents(manager: EntityManager, events: readonly { event: DomainEventMessage; orgIds: readonly string[] }[]): Promise<ScheduledAttempt[]> {
    const pairs = events.flatMap(({ event, orgIds }) => orgIds.map((orgId) => ({ event, orgId })));
    if (pairs.length === 0) return [];
    const bodies = new Map(events.map(({ event }) => [event.id, webhookBody(event)]));
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO webhook_deliveries (org_id, endpoint_id, event_id, event_type, body, status, attempt_count, next_attempt_at, created_at, updated_at)
       SELECT e.org_id, e.id, p.event_id, p.event_type, p.body, 'pending', 0, $6, $6, $6
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS p(org_id, event_id, event_type, body, occurred_at)
         JOIN webhook_endpoints e
           ON e.org_id = p.org_id AND e.enabled AND (e.event_types @> ARRAY['*'] OR e.event_types @> ARRAY[p.event_type]) AND e.created_at <= p.occurred_at
       ON CONFLICT (event_id, endpoint_id) DO NOTHING
       RETURNING id`,
      [
        pairs.map((p) => p.orgId),
        pairs.map((p) => p.event.id),
        pairs.map((p) => p.event.type),
        pairs.map((p) => bodies.get(p.event.id)!),
        pairs.map((p) => p.event.occurred_at),
        this.clock.now(),
      ],
    );
    return rows.map((r) => ({ id: r.id, attempt: 1 }));
  }

  /** Enqueues attempts under deterministic ids: adding one that is already queued is a no-op. */
  enqueue(attempts: readonly ScheduledAttempt[]): Promise<void> {
    return this.deadlines.enqueue(WEBHOOK_DELIVERY, attempts.map((a) => ({ payload: { delivery_id: a.id, attempt: a.attempt }, delayMs: a.delayMs })));
  }

  /** Pending deliveries of an endpoint that was disabled go to the dead-letter list (replayable). */
  async deadLetterPending(manager: EntityManager, endpointId: string, reason: string, now: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({ status: 'dead_lettered', deadLetteredAt: now, nextAttemptAt: null, replayRequestedAt: null, lastError: reason, updatedAt: now })
      .where('endpoint_id = :endpointId AND status = :pending', { endpointId, pending: 'pending' })
      .execute();
  }

  async list(principal: Principal, endpointId: string, query: DeliveriesQuery): Promise<Page<ReturnType<typeof presentDelivery>>> {
    const endpoint = await findOwnedOr404(this.endpoints, principal, endpointId, 'webhook_endpoint');
    const qb = scopeToOrg(this.deliveries.createQueryBuilder('delivery'), principal).andWhere('delivery.endpointId = :endpointId', { endpointId: endpoint.id });
    if (query.status) qb.andWhere('delivery.status = :status', { status: query.status });
    const { items, nextCursor } = await paginate(qb, query);
    const attempts = await this.attemptsOf(items.map((d) => d.id));
    return { data: items.map((d) => presentDelivery(d, attempts.get(d.id) ?? [])), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string) {
    const delivery = await findOwnedOr404(this.deliveries, principal, id, 'webhook_delivery');
    return presentDelivery(delivery, (await this.attemptsOf([delivery.id])).get(delivery.id) ?? []);
  }

  /**
   * Sends a delivery once more, whatever its state except pending: one attempt, recorded like the
   * others; if it fails the delivery is dead-lettered again (no new 24 h schedule).
   */
  async replay(principal: Principal, id: string) {
    if (!isUuid(id)) throw notFound('webhook_delivery');
    const scheduled = await this.dataSource.transaction(async (manager) => {
      const delivery = await manager
        .getRepository(WebhookDelivery)
        .createQueryBuilder('delivery')
        .setLock(ROW_LOCK)
        .where('delivery.id = :id AND delivery.orgId = :orgId', { id, orgId: principal.orgId })
        .getOne();
      if (!delivery) throw notFound('webhook_delivery');
      if (delivery.status === 'pending') throw NotificationErrors.deliveryPending();
      const endpoint = await manager.findOneByOrFail(WebhookEndpoint, { id: delivery.endpointId });
      if (!endpoint.enabled) throw NotificationErrors.endpointDisabled();
      const now = this.clock.now();
      await manager.update(WebhookDelivery, { id }, { status: 'pending', nextAttemptAt: now, replayRequestedAt: now, deadLetteredAt: null, updatedAt: now });
      return { id, attempt: delivery.attemptCount + 1 };
    });
    // If Redis is unavailable the sweeper enqueues it later: the delivery is pending and due.
    await this.enqueue([scheduled]);
    return this.get(principal, id);
  }

  private async attemptsOf(deliveryIds: readonly string[]): Promise<Map<string, WebhookDeliveryAttempt[]>> {
    const byDelivery = new Map<string, WebhookDeliveryAttempt[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const attempts = await this.dataSource.getRepository(WebhookDeliveryAttempt).find({ where: { deliveryId: In([...deliveryIds]) }, order: { attemptNumber: 'ASC' } });
    for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
    return byDelivery;
  }
}
