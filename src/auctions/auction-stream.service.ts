import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { Observable } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { RedisConnections } from '../common/redis/redis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuctionLot } from './auction-lot.entity';
import { LotStreamState, StreamEventKind, StreamedLotEvent, viewStreamEvent } from './auction-stream.presenter';
import { reserveMet } from './domain/proxy-bidding';
import { buyNowAvailable, stateOf, termsOf } from './auctions.presenter';

/**
 * Live lot updates (DESIGN §7, issue 15). Every change of a lot's public state is written, in the
 * transaction that makes it and under the lot's row lock, as the lot's next numbered stream event;
 * after commit it is published on the lot's Redis channel, so every API process tells its own
 * readers. A reader replays from PostgreSQL what it missed (`Last-Event-ID`, a lost or reordered
 * publish), so delivery never depends on Redis alone.
 */
@Injectable()
export class AuctionStream implements OnApplicationShutdown {
  private readonly logger = new Logger('AuctionStream');
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  /** Per lot channel, the readers of this process. */
  private readonly listeners = new Map<string, Set<(e: StreamedLotEvent) => void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnections,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The bidder's anonymous number on the lot, given at their first accepted bid (1, 2, …), under
   * the lot's lock so numbers are never shared.
   */
  async enrol(m: EntityManager, lotId: string, orgId: string): Promise<void> {
    await m.query(
      `INSERT INTO auction_bidder_numbers (lot_id, org_id, number)
       SELECT $1, $2, coalesce(max(number), 0) + 1 FROM auction_bidder_numbers WHERE lot_id = $1
       ON CONFLICT (lot_id, org_id) DO NOTHING`,
      [lotId, orgId],
    );
  }

  /** The lot's state as it is now becomes its next stream event, published once the caller commits. */
  async record(m: EntityManager, lot: AuctionLot, kind: StreamEventKind): Promise<void> {
    const rows: { seq: number; created_at: Date; data: LotStreamState }[] = await m.query(
      `INSERT INTO auction_stream_events (lot_id, seq, kind, leader_org_id, data, created_at)
       SELECT $1, coalesce((SELECT max(seq) FROM auction_stream_events WHERE lot_id = $1), 0) + 1, $2, $3::uuid,
              $4::jsonb || jsonb_build_object('leader', (SELECT jsonb_build_object('bidder', number) FROM auction_bidder_numbers WHERE lot_id = $1 AND org_id = $3::uuid)),
              $5
       RETURNING seq, data`,
      [lot.id, kind, lot.leaderOrgId, JSON.stringify(publicState(lot)), this.clock.now()],
    );
    const event: StreamedLotEvent = { lotId: lot.id, seq: rows[0]!.seq, kind, leaderOrgId: lot.leaderOrgId, data: rows[0]!.data };
    this.afterCommit.run(m, () => this.publish(event));
  }

  /**
   * One reader's stream of a lot: after `lastEventId` the events it missed, then live ones, in
   * sequence without gaps or repeats; without it, a `snapshot` of the lot now first. A comment
   * line every heartbeat keeps the connection open through proxies, and the heartbeat also reads
   * anything a lost publish would have hidden.
   */
  events(lotId: string, readerOrgId: string, lastEventId: number | null): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let last = lastEventId ?? 0;
      let chain: Promise<void> = Promise.resolve();
      let live = false;
      const serial = (task: () => Promise<void>) => {
        chain = chain.then(task).catch((err: Error) => subscriber.error(err));
      };
      const emit = (e: StreamedLotEvent) => {
        if (e.seq <= last) return;
        last = e.seq;
        subscriber.next(viewStreamEvent(e, readerOrgId));
      };
      const catchUp = async () => {
        for (const e of await this.eventsAfter(lotId, last)) emit(e);
      };
      const onEvent = (e: StreamedLotEvent) =>
        serial(async () => {
          if (e.seq === last + 1) emit(e);
          else if (e.seq > last + 1) await catchUp();
        });
      const unlisten = this.listen(lotId, (e) => {
        if (live) onEvent(e);
      });
      serial(async () => {
        await unlisten.ready;
        live = true;
        if (lastEventId === null) {
          const snapshot = await this.snapshot(lotId);
          if (snapshot) {
            last = snapshot.seq;
            subscriber.next(viewStreamEvent(snapshot, readerOrgId));
          }
        }
        await catchUp();
      });
      const heartbeat = setInterval(
        () =>
          serial(async () => {
            await catchUp();
            subscriber.next({ comment: 'heartbeat' } as MessageEvent);
          }),
        this.config.auctions.streamHeartbeatMs,
      );
      return () => {
        clearInterval(heartbeat);
        unlisten.stop();
      };
    });
  }

  /** The lot's state now, numbered as the latest stream event (a resume from it misses nothing). */
  private async snapshot(lotId: string): Promise<StreamedLotEvent | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const lot = await m.findOneBy(AuctionLot, { id: lotId });
      if (!lot) return null;
      const [row] = await m.query(
        `SELECT coalesce((SELECT max(seq) FROM auction_stream_events WHERE lot_id = $1), 0) AS seq,
                (SELECT number FROM auction_bidder_numbers WHERE lot_id = $1 AND org_id = $2::uuid) AS number`,
        [lotId, lot.leaderOrgId],
      );
      const leader = row.number === null ? null : { bidder: Number(row.number) };
      return { lotId, seq: Number(row.seq), kind: 'snapshot', leaderOrgId: lot.leaderOrgId, data: { ...publicState(lot), leader } };
    });
  }

  private async eventsAfter(lotId: string, after: number): Promise<StreamedLotEvent[]> {
    const rows: { seq: number; kind: StreamEventKind; leader_org_id: string | null; data: LotStreamState }[] = await this.dataSource.query(
      `SELECT seq, kind, leader_org_id, data FROM auction_stream_events WHERE lot_id = $1 AND seq > $2 ORDER BY seq LIMIT 1000`,
      [lotId, after],
    );
    return rows.map((r) => ({ lotId, seq: r.seq, kind: r.kind, leaderOrgId: r.leader_org_id, data: r.data }));
  }

  private channelOf(lotId: string): string {
    return `${this.config.redisPrefix}:auction-stream:${lotId}`;
  }

  private async publish(event: StreamedLotEvent): Promise<void> {
    this.publisher ??= this.redis.failFast();
    await RedisConnections.whenReady(this.publisher, 2000);
    await this.publisher.publish(this.channelOf(event.lotId), JSON.stringify(event));
  }

  /** Subscribes this process to the lot's channel while it has readers; `ready` once Redis confirmed it. */
  private listen(lotId: string, listener: (e: StreamedLotEvent) => void): { ready: Promise<void>; stop: () => void } {
    const subscriber = this.subscriberConnection();
    const channel = this.channelOf(lotId);
    let readers = this.listeners.get(channel);
    const first = !readers;
    if (!readers) {
      readers = new Set();
      this.listeners.set(channel, readers);
    }
    readers.add(listener);
    const ready = first
      ? subscriber.subscribe(channel).then(
          () => undefined,
          // The DB catch-up on each heartbeat still delivers while Redis is away.
          (err: Error) => this.logger.warn({ err: err.message, lot_id: lotId }, 'stream subscription failed; readers fall back to the heartbeat catch-up'),
        )
      : Promise.resolve();
    return {
      ready,
      stop: () => {
        const set = this.listeners.get(channel);
        if (!set) return;
        set.delete(listener);
        if (set.size > 0) return;
        this.listeners.delete(channel);
        void subscriber.unsubscribe(channel).catch(() => undefined);
      },
    };
  }

  private subscriberConnection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.redis.blocking('auction-stream');
    subscriber.on('message', (channel: string, message: string) => {
      const readers = this.listeners.get(channel);
      if (!readers) return;
      const event = JSON.parse(message) as StreamedLotEvent;
      for (const reader of readers) reader(event);
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  onApplicationShutdown(): void {
    this.listeners.clear();
  }
}

/** What every reader may see of a lot (never the reserve, never who leads: that is the leader's number). */
function publicState(lot: AuctionLot): Omit<LotStreamState, 'leader'> {
  const money = (amount: number | null) => (amount === null ? null : { amount, currency: lot.currency });
  return {
    lot_id: lot.id,
    status: lot.status,
    current_price: money(lot.currentPrice),
    bid_count: lot.bidCount,
    ends_at: lot.endsAt.toISOString(),
    reserve_met: reserveMet(termsOf(lot), stateOf(lot)),
    buy_now_available: buyNowAvailable(lot),
  };
}
