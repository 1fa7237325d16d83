import { Inject, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { MicroBatch } from '../common/batching/micro-batch';
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
  attempt_count: number;
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

const LOAD_DELIVERIES = `
  SELECT d.id, d.attempt_count, d.event_id, d.event_type, d.body, d.replay_requested_at,
         e.id AS endpoint_id, e.org_id, e.url, e.enabled, e.secret_ciphertext, e.previous_secret_ciphertext, e.previous_secret_expires_at, e.failing_since
    FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
   WHERE d.id = ANY($1::uuid[]) AND d.status = 'pending'`;

/**
 * One round trip for many attempts (issue 18): each delivery moves on only if attempt n-1 is still
 * the last one recorded; the attempt rows and each endpoint's failure clock (set by a failure,
 * cleared by a success, decided by the endpoint's latest attempt in the batch) follow.
 */
const RECORD_ATTEMPTS = `
  WITH r AS (
    SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::text[], $8::timestamptz[], $9::int[])
      AS r(id, attempt, status, next_attempt_at, attempted_at, status_code, error, recorded_at, latency_ms)),
  d AS (
    UPDATE webhook_deliveries w
       SET status = r.status, attempt_count = r.attempt, next_attempt_at = r.next_attempt_at, replay_requested_at = NULL,
           last_attempt_at = r.attempted_at, last_status_code = r.status_code, last_error = r.error,
           succeeded_at = CASE WHEN r.status = 'succeeded' THEN r.recorded_at ELSE w.succeeded_at END,
           dead_lettered_at = CASE WHEN r.status = 'dead_lettered' THEN r.recorded_at END,
           updated_at = r.recorded_at
      FROM r
     WHERE w.id = r.id AND w.status = 'pending' AND w.attempt_count = r.attempt - 1
     RETURNING w.id, w.endpoint_id, r.status, r.attempted_at),
  a AS (
    INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, attempted_at, status_code, latency_ms, error, next_attempt_at)
    SELECT r.id, r.attempt, r.attempted_at, r.status_code, r.latency_ms, r.error, r.next_attempt_at FROM r JOIN d ON d.id = r.id
    RETURNING delivery_id),
  latest AS (
    SELECT DISTINCT ON (endpoint_id) endpoint_id, status, attempted_at FROM d ORDER BY endpoint_id, attempted_at DESC),
  e AS (
    UPDATE webhook_endpoints e
       SET failing_since = CASE WHEN l.status = 'succeeded' THEN NULL ELSE COALESCE(e.failing_since, l.attempted_at) END
      FROM latest l
     WHERE e.id = l.endpoint_id AND (e.failing_since IS NULL) = (l.status <> 'succeeded'))
  SELECT delivery_id AS id FROM a`;

interface AttemptRecord {
  readonly id: string;
  readonly attempt: number;
  readonly status: 'pending' | 'succeeded' | 'dead_lettered';
  readonly nextAttemptAt: Date | null;
  readonly attemptedAt: Date;
  readonly result: SendResult;
  readonly recordedAt: Date;
}

@DeadlineHandler(WEBHOOK_DELIVERY)
export class WebhookDeliveryJob implements DeadlineProcessor<DeliveryJobData> {
  private readonly logger = new Logger('WebhookDeliveryJob');
  /** Concurrent jobs read their deliveries together, one query per turn of the event loop. */
  private readonly loads = new MicroBatch<{ id: string; attempt: number }, DeliveryRow | undefined>((keys) => this.loadMany(keys));
  /** … and record their attempts together, one statement per turn. */
  private readonly records = new MicroBatch<AttemptRecord, boolean>((records) => this.recordMany(records));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecrets,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(data: DeliveryJobData): Promise<Outcome> {
    const row = await this.loads.run({ id: data.delivery_id, attempt: data.attempt });
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
   * running) only one records it; the receiver deduplicates by event id. One statement per batch
   * of concurrent attempts in the common case; disabling the endpoint (with its event) takes a
   * transaction of its own.
   */
  private async record(row: DeliveryRow, attempt: number, attemptedAt: Date, result: SendResult): Promise<{ outcome: Outcome; delayMs: number | null }> {
    const now = this.clock.now();
    const succeeded = result.error === null;
    const failingSince = succeeded ? null : (row.failing_since ?? attemptedAt);
    const disable = !succeeded && now.getTime() - failingSince!.getTime() >= DISABLE_AFTER_FAILING_MS;
    const delayMs = succeeded || disable || row.replay_requested_at ? null : nextDelayMs(attempt, Math.random, this.config.webhooks.retryScale);
    const nextAttemptAt = delayMs === null ? null : new Date(now.getTime() + delayMs);
    const outcome: Outcome = succeeded ? 'succeeded' : nextAttemptAt ? 'retry' : 'dead_lettered';
    const record: AttemptRecord = { id: row.id, attempt, status: outcome === 'retry' ? 'pending' : outcome, nextAttemptAt, attemptedAt, result, recordedAt: now };
    if (!disable) return (await this.records.run(record)) ? { outcome, delayMs } : { outcome: 'skipped', delayMs: null };
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.recordMany([record], manager))[0]) return { outcome: 'skipped' as Outcome, delayMs: null };
      await this.disable(manager, row, failingSince!, now);
      return { outcome, delayMs };
    });
  }

  /**
   * The pending deliveries still waiting for the given attempt. A key asked twice in one batch (a
   * duplicate job) is answered once: the other caller skips, so one process never sends it twice.
   */
  private async loadMany(keys: readonly { id: string; attempt: number }[]): Promise<(DeliveryRow | undefined)[]> {
    const rows = (await this.dataSource.query(LOAD_DELIVERIES, [[...new Set(keys.map((k) => k.id))]])) as DeliveryRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const handed = new Set<string>();
    return keys.map((k) => {
      const row = byId.get(k.id);
      if (!row || row.attempt_count !== k.attempt - 1 || handed.has(k.id)) return undefined;
      handed.add(k.id);
      return row;
    });
  }

  /** Records attempts in one statement; true for each attempt that was recorded (not beaten to it). */
  private async recordMany(records: readonly AttemptRecord[], manager: EntityManager = this.dataSource.manager): Promise<boolean[]> {
    const first = new Map<string, AttemptRecord>();
    for (const r of records) if (!first.has(r.id)) first.set(r.id, r);
    const unique = [...first.values()];
    const recorded = (await manager.query(RECORD_ATTEMPTS, [
      unique.map((r) => r.id),
      unique.map((r) => r.attempt),
      unique.map((r) => r.status),
      unique.map((r) => r.nextAttemptAt),
      unique.map((r) => r.attemptedAt),
      unique.map((r) => r.result.statusCode),
      unique.map((r) => r.result.error),
      unique.map((r) => r.recordedAt),
      unique.map((r) => r.result.latencyMs),
    ])) as { id: string }[];
    const done = new Set(recorded.map((r) => r.id));
    return records.map((r) => first.get(r.id) === r && done.has(r.id));
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
