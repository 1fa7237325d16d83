import { Inject, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { JobHandler, JobProcessor } from '../common/queue/job';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { nextDelayMs } from './domain/retry-schedule';
import { DeliveryJobData, WEBHOOK_DELIVERY_JOB } from './notification-jobs';
import { signWebhook, SIGNATURE_HEADER } from './domain/webhook-signature';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookSecrets } from './webhook-secrets';
import { postWebhook, SendResult } from './webhook-sender';

/** An endpoint whose deliveries have all failed for this long is disabled and its org told (issue 6). */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3600 * 1000;

type Outcome = 'succeeded' | 'retry' | 'dead_lettered' | 'skipped';

@JobHandler(WEBHOOK_DELIVERY_JOB)
export class WebhookDeliveryJob implements JobProcessor<DeliveryJobData> {
  private readonly logger = new Logger('WebhookDeliveryJob');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecrets,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(data: DeliveryJobData): Promise<Outcome> {
    const delivery = await this.dataSource.getRepository(WebhookDelivery).findOneBy({ id: data.delivery_id });
    if (!delivery || delivery.status !== 'pending' || delivery.attemptCount !== data.attempt - 1) return 'skipped';
    const endpoint = await this.dataSource.getRepository(WebhookEndpoint).findOneBy({ id: delivery.endpointId });
    if (!endpoint) return 'skipped';
    if (!endpoint.enabled) {
      await this.deliveries.deadLetterPending(this.dataSource.manager, endpoint.id, 'endpoint disabled', this.clock.now());
      return 'dead_lettered';
    }

    const attemptedAt = this.clock.now();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const result = await postWebhook(
      endpoint.url,
      delivery.body,
      {
        [SIGNATURE_HEADER]: signWebhook(this.secrets.signingSecrets(endpoint, attemptedAt), delivery.body, timestamp),
        'Reclaim-Event-Id': delivery.eventId,
        'Reclaim-Event-Type': delivery.eventType,
        'Reclaim-Delivery-Id': delivery.id,
        'Reclaim-Delivery-Attempt': String(data.attempt),
      },
      this.config.webhooks.timeoutMs,
    );
    const { outcome, delayMs } = await this.record(delivery, endpoint, data.attempt, attemptedAt, result);
    if (outcome === 'retry' && delayMs !== null) {
      await this.deliveries.enqueue([{ id: delivery.id, attempt: data.attempt + 1, delayMs }]).catch((err: Error) =>
        this.logger.warn({ delivery_id: delivery.id, err: err.message }, 'could not enqueue the next attempt; the sweeper will'),
      );
    }
    return outcome;
  }

  /**
   * Records the attempt and moves the delivery on, in one transaction. The update is guarded by
   * the attempt count, so if two workers made the same attempt (a stalled job taken over while
   * the first was still running) only one records it; the receiver deduplicates by event id.
   */
  private async record(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    attempt: number,
    attemptedAt: Date,
    result: SendResult,
  ): Promise<{ outcome: Outcome; delayMs: number | null }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const succeeded = result.error === null;
      const failingSince = succeeded ? null : (endpoint.failingSince ?? attemptedAt);
      const disable = !succeeded && now.getTime() - failingSince!.getTime() >= DISABLE_AFTER_FAILING_MS;
      const delayMs = succeeded || disable || delivery.replayRequestedAt ? null : nextDelayMs(attempt, Math.random, this.config.webhooks.retryScale);
      const nextAttemptAt = delayMs === null ? null : new Date(now.getTime() + delayMs);
      const outcome: Outcome = succeeded ? 'succeeded' : nextAttemptAt ? 'retry' : 'dead_lettered';

      const updated = await manager
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({
          status: outcome === 'retry' ? 'pending' : (outcome as 'succeeded' | 'dead_lettered'),
          attemptCount: attempt,
          nextAttemptAt,
          replayRequestedAt: null,
          lastAttemptAt: attemptedAt,
          lastStatusCode: result.statusCode,
          lastError: result.error,
          ...(succeeded ? { succeededAt: now } : {}),
          deadLetteredAt: outcome === 'dead_lettered' ? now : null,
          updatedAt: now,
        })
        .where('id = :id AND status = :pending AND attempt_count = :previous', { id: delivery.id, pending: 'pending', previous: attempt - 1 })
        .execute();
      if (!updated.affected) return { outcome: 'skipped' as Outcome, delayMs: null };
      await manager.insert(WebhookDeliveryAttempt, {
        deliveryId: delivery.id,
        attemptNumber: attempt,
        attemptedAt,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        error: result.error,
        nextAttemptAt,
      });

      if (succeeded) {
        if (endpoint.failingSince) await manager.update(WebhookEndpoint, { id: endpoint.id }, { failingSince: null, updatedAt: now });
      } else if (disable) {
        await this.disable(manager, endpoint, failingSince!, now);
      } else if (!endpoint.failingSince) {
        await manager.query(`UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1`, [endpoint.id, attemptedAt]);
      }
      return { outcome, delayMs };
    });
  }

  private async disable(manager: EntityManager, endpoint: WebhookEndpoint, failingSince: Date, now: Date): Promise<void> {
    const changed = await manager
      .createQueryBuilder()
      .update(WebhookEndpoint)
      .set({ enabled: false, disabledReason: 'failing_for_3_days', disabledAt: now, failingSince, updatedAt: now })
      .where('id = :id AND enabled', { id: endpoint.id })
      .execute();
    if (!changed.affected) return;
    await this.deliveries.deadLetterPending(manager, endpoint.id, 'endpoint disabled after failing for 3 days', now);
    await this.outbox.record(manager, {
      type: 'webhook_endpoint.disabled',
      aggregateType: 'webhook_endpoint',
      aggregateId: endpoint.id,
      orgIds: [endpoint.orgId],
      payload: { endpoint_id: endpoint.id, endpoint_url: endpoint.url, failing_since: failingSince.toISOString(), reason: 'failing_for_3_days' },
    });
    this.logger.warn({ endpoint_id: endpoint.id, org_id: endpoint.orgId }, 'webhook endpoint disabled after failing for 3 days');
  }
}
