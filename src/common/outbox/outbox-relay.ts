import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import type { EventPayload, EventType } from '../../events/event-catalogue';
import { APP_CONFIG } from '../../config/config.module';
import { QueueService } from '../queue/queue.service';
import { DOMAIN_EVENT_JOB, DomainEventMessage } from './domain-event';

/**
 * A claimed outbox row. Only `OutboxService.record` writes the table, typed against the event
 * catalogue, so a row's payload is the one its type declares.
 */
type ClaimedRow = {
  [K in EventType]: { id: string; type: K; aggregate_type: string; aggregate_id: string; org_ids: string[]; occurred_at: Date; payload: EventPayload<K> };
}[EventType];

/** A claim lasts this long; a relay that dies mid-publish leaves rows for another to take. */
const CLAIM_SECONDS = 30;

/**
 * Moves outbox rows to BullMQ (worker role). Rows are claimed with a lease rather than a lock held
 * across the Redis call; if Redis is down the claim is released and the rows stay pending, and the
 * job id (= event id) makes a re-publish after a crash a no-op in BullMQ.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  /** A commit was notified while a pass ran: run the next one at once. */
  private woken = false;
  private listener?: Client;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.loop();
    void this.listen();
  }

  private loop(): void {
    if (this.stopped) return;
    this.timer = undefined;
    this.woken = false;
    this.running = this.relayPending()
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'outbox relay pass failed'))
      .then((published) => {
        const again = this.woken || (typeof published === 'number' && published >= this.config.outbox.batchSize);
        this.timer = setTimeout(() => this.loop(), again ? 0 : this.config.outbox.pollIntervalMs);
      });
  }

  /** A commit with new events (the outbox trigger's NOTIFY): relay now rather than at the next poll. */
  private wake(): void {
    if (this.stopped) return;
    if (this.timer === undefined) {
      this.woken = true;
      return;
    }
    clearTimeout(this.timer);
    this.loop();
  }

  /**
   * LISTENs on its own connection (a pooled one would be handed to other queries). If it drops,
   * the poll carries on alone and the listener is opened again after a poll interval.
   */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'reclaim-outbox-relay' });
    const retry = (err: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      if (!this.stopped) {
        this.logger.warn({ err: err.message }, 'outbox listener lost; polling until it is back');
        setTimeout(() => void this.listen(), this.config.outbox.pollIntervalMs).unref();
      }
    };
    this.listener = client;
    client.on('error', retry);
    client.on('end', () => retry(new Error('connection ended')));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query('LISTEN outbox_events');
    } catch (err) {
      retry(err as Error);
    }
  }

  /** One pass: publishes up to a batch of pending events; returns how many were published. */
  async relayPending(): Promise<number> {
    const claimed: ClaimedRow[] = await this.dataSource.query(
      `UPDATE outbox_events SET claimed_until = now() + make_interval(secs => $2), publish_attempts = publish_attempts + 1
        WHERE id IN (SELECT id FROM outbox_events
                      WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, aggregate_type, aggregate_id, org_ids, occurred_at, payload`,
      [this.config.outbox.batchSize, CLAIM_SECONDS],
    ).then((r: [ClaimedRow[], number] | ClaimedRow[]) => (Array.isArray(r[0]) ? (r[0] as ClaimedRow[]) : (r as ClaimedRow[])));
    if (claimed.length === 0) return 0;
    const ids = claimed.map((row) => row.id);
    try {
      await this.queues.addBulk(
        DOMAIN_EVENT_JOB,
        claimed.map((row) => ({ name: row.type, data: toMessage(row), options: { jobId: row.id } })),
      );
    } catch (err) {
      await this.dataSource.query(`UPDATE outbox_events SET claimed_until = NULL, last_error = $2 WHERE id = ANY($1)`, [ids, (err as Error).message.slice(0, 500)]);
      throw err;
    }
    await this.dataSource.query(`UPDATE outbox_events SET published_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ANY($1)`, [ids]);
    return claimed.length;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.running;
  }
}

function toMessage(row: ClaimedRow): DomainEventMessage {
  return { ...row, occurred_at: new Date(row.occurred_at).toISOString() };
}
