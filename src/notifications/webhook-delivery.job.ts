import { Inject, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { nextDelayMs } from './domain/retry-schedule';
import { DeliveryJobData, WEBHOOK_DELIVERY } from './notification-jobs';
import { signWebhook, SIGNATURE_HEADER } from './domain/webhook-signature';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookSecrets } from './webhook-secrets';
import { postWebhook, SendResult } from './webhook-sender';

/** An endpoint whose deliveries have all failed for this long is disabled and its org told (issue 6). */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3600 * 1000;

type Outcome = 'succeeded' | 'retry' | 'dead_lettered' | 'skipped';

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  body: string;
  replay_requested_at: Date | null;
  endpoint_id: string;
  org_id: string;
  url: string;
  enabled: boolean;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
}

/**
 * One round trip: the delivery moves on only if attempt n-1 is still the last one recorded; the
 * attempt row and the endpoint's failure clock (set by a failure, cleared by a success) follow it.
 */
const RECORD_ATTEMPT = `
  WITH d AS (
    UPDATE webhook_deliveries
       SET status = $3::text, attempt_count = $2, next_attempt_at = $4::timestamptz, replay_requested_at = NULL,
           last_attempt_at = $5, last_status_code = $6::int, last_error = $7::text,
           succeeded_at = CASE WHEN $3::text = 'succeeded' THEN $8::timestamptz ELSE succeeded_at END,
           dead_lettered_at = CASE WHEN $3::text = 'dead_lettered' THEN $8::timestamptz END,
           updated_at = $8::timestamptz
     WHERE id = $1 AND status = 'pending' AND attempt_count = $2 - 1
     RETURNING id, endpoint_id),
  a AS (
    INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, attempted_at, status_code, latency_ms, error, next_attempt_at)
    SELECT id, $2, $5, $6::int, $9, $7::text, $4::timestamptz FROM d
    RETURNING delivery_id),
  e AS (
    UPDATE webhook_endpoints
       SET failing_since = CASE WHEN $3::text = 'succeeded' THEN NULL ELSE COALESCE(failing_since, $5::timestamptz) END
     WHERE id IN (SELECT endpoint_id FROM d) AND (failing_since IS NULL) = ($3::text <> 'succeeded'))
  SELECT count(*)::int AS recorded FROM a`;

@DeadlineHandler(WEBHOOK_DELIVERY)
export class WebhookDeliveryJob implements DeadlineProcessor<DeliveryJobData> {
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
    const [row] = (await this.dataSource.query(
      `SELECT d.id, d.event_id, d.event_type, d.body, d.replay_requested_at,
              e.id AS endpoint_id, e.org_id, e.url, e.enabled, e.secret_ciphertext, e.previous_secret_ciphertext, e.previous_secret_expires_at, e.failing_since
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.id = $1 AND d.status = 'pending' AND d.attempt_count = $2`,
      [data.delivery_id, data.attempt - 1],
    )) as DeliveryRow[];
    // Gone, finished, or this attempt already made (a duplicate job): nothing to do.
    if (!row) return 'skipped';
    if (!row.enabled) {
      await this.deliveries.deadLetterPending(this.dataSource.manager, row.endpoint_id, 'endpoint disabled', this.clock.now());
      return 'dead_lettered';
    }

    const attemptedAt = this.clock.now();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const secrets = this.secrets.signingSecrets(
      { secretCiphertext: row.secret_ciphertext, previousSecretCiphertext: row.previous_secret_ciphertext, previousSecretExpiresAt: row.previous_secret_expires_at },
      attemptedAt,
    );
    const result = await postWebhook(
      row.url,
      row.body,
      {
        [SIGNATURE_HEADER]: signWebhook(secrets, row.body, timestamp),
        'Reclaim-Event-Id': row.event_id,
        'Reclaim-Event-Type': row.event_type,
        'Reclaim-Delivery-Id': row.id,
        'Reclaim-Delivery-Attempt': String(data.attempt),
      },
      { timeoutMs: this.config.webhooks.timeoutMs, allowPrivateTargets: this.config.webhooks.allowPrivateTargets },
    );
    const { outcome, delayMs } = await this.record(row, data.attempt, attemptedAt, result);
    if (outcome === 'retry' && delayMs !== null) await this.deliveries.enqueue([{ id: row.id, attempt: data.attempt + 1, delayMs }]);
    return outcome;
  }

  /** Pending deliveries whose attempt was due by `dueBy`: their job is queued again (same id, so never twice). */
  async findOverdue(dueBy: Date, limit: number): Promise<DeliveryJobData[]> {
    const due: { id: string; attempt_count: number }[] = await this.dataSource.query(
      `SELECT id, attempt_count FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
      [dueBy, limit],
    );
    return due.map((d) => ({ delivery_id: d.id, attempt: d.attempt_count + 1 }));
  }

  /**
   * Records the attempt and moves the delivery on. The update is guarded by the attempt count,
   * so if two workers made the same attempt (a stalled job taken over while the first was still
   * running) only one records it; the receiver deduplicates by event id. One statement in the
   * common case; disabling the endpoint (with its event) takes a transaction.
   */
  private async record(row: DeliveryRow, attempt: number, attemptedAt: Date, result: SendResult): Promise<{ outcome: Outcome; delayMs: number | null }> {
    const now = this.clock.now();
    const succeeded = result.error === null;
    const failingSince = succeeded ? null : (row.failing_since ?? attemptedAt);
    const disable = !succeeded && now.getTime() - failingSince!.getTime() >= DISABLE_AFTER_FAILING_MS;
    const delayMs = succeeded || disable || row.replay_requested_at ? null : nextDelayMs(attempt, Math.random, this.config.webhooks.retryScale);
    const nextAttemptAt = delayMs === null ? null : new Date(now.getTime() + delayMs);
    const outcome: Outcome = succeeded ? 'succeeded' : nextAttemptAt ? 'retry' : 'dead_lettered';
    const write = async (manager: EntityManager): Promise<boolean> => {
      const [{ recorded }] = (await manager.query(RECORD_ATTEMPT, [
        row.id,
        attempt,
        outcome === 'retry' ? 'pending' : outcome,
        nextAttemptAt,
        attemptedAt,
        result.statusCode,
        result.error,
        now,
        result.latencyMs,
      ])) as { recorded: number }[];
      return recorded > 0;
    };
    if (!disable) return (await write(this.dataSource.manager)) ? { outcome, delayMs } : { outcome: 'skipped', delayMs: null };
    return this.dataSource.transaction(async (manager) => {
      if (!(await write(manager))) return { outcome: 'skipped' as Outcome, delayMs: null };
      await this.disable(manager, row, failingSince!, now);
      return { outcome, delayMs };
    });
  }

  private async disable(manager: EntityManager, row: DeliveryRow, failingSince: Date, now: Date): Promise<void> {
    const changed = await manager
      .createQueryBuilder()
      .update(WebhookEndpoint)
      .set({ enabled: false, disabledReason: 'failing_for_3_days', disabledAt: now, failingSince, updatedAt: now })
      .where('id = :id AND enabled', { id: row.endpoint_id })
      .execute();
    if (!changed.affected) return;
    await this.deliveries.deadLetterPending(manager, row.endpoint_id, 'endpoint disabled after failing for 3 days', now);
    await this.outbox.record(manager, {
      type: 'webhook_endpoint.disabled',
      aggregateType: 'webhook_endpoint',
      aggregateId: row.endpoint_id,
      orgIds: [row.org_id],
      payload: { endpoint_id: row.endpoint_id, endpoint_url: row.url, failing_since: failingSince.toISOString(), reason: 'failing_for_3_days' },
    });
    this.logger.warn({ endpoint_id: row.endpoint_id, org_id: row.org_id }, 'webhook endpoint disabled after failing for 3 days');
  }
}
