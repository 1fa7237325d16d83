import { DiscoveryService } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../../src/common/outbox/domain-event';
import { DomainEventDispatcher, DomainEventSubscriber, SubscribesTo } from '../../src/common/outbox/event-dispatcher';
import { aCaseRow } from '../support/cases';
import { aLender, OrgSession } from '../support/factories';
import { eventually } from '../support/eventually';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 18: the events a worker takes in the same turn are dispatched together, in one
 * transaction per batch rather than one per event and subscriber; a batch that fails falls back
 * to each event alone, so one bad event neither blocks nor loses the others.
 */
describe('domain event dispatch: events taken together share a transaction', () => {
  let t: TestApp;
  let lender: OrgSession;
  let receiver: Server;
  const received: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    lender = await aLender(t).build();
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(`${req.url}:${req.headers['reclaim-event-id']}`);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('thirty cases placed at once: every subscriber consumes each event once, in fewer transactions than events, and each endpoint gets each event once', async () => {
    const port = (receiver.address() as AddressInfo).port;
    for (const path of ['a', 'b']) {
      const res = await t.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url: `http://127.0.0.1:${port}/${path}`, event_types: ['case.placed'] });
      expect(res.status).toBe(201);
    }
    // One bulk placement per case, all at once: thirty case.placed events reach the worker together.
    const placed = await Promise.all(Array.from({ length: 30 }, () => t.http.post('/v1/cases').set(lender.auth).send(aCaseRow())));
    expect(placed.map((r) => r.status)).toEqual(Array(30).fill(201));
    const events: { id: string }[] = await t.db.query(`SELECT id FROM outbox_events WHERE type = 'case.placed' AND org_ids @> ARRAY[$1]::uuid[]`, [lender.orgId]);
    expect(events).toHaveLength(30);
    const ids = events.map((e) => e.id);

    await eventually(async () => received.length >= 60, 20_000, 'sixty deliveries');
    // Both subscribers of case.placed (the fan-out and the portfolio facts) consumed each event exactly once.
    const consumed: { consumer: string; events: number; rows: number; transactions: number }[] = await t.db.query(
      `SELECT consumer, count(DISTINCT event_id)::int AS events, count(*)::int AS rows, count(DISTINCT xmin::text)::int AS transactions
         FROM event_consumptions WHERE event_id = ANY($1::uuid[]) GROUP BY consumer ORDER BY consumer`,
      [ids],
    );
    expect(consumed.map((c) => [c.consumer, c.events, c.rows])).toEqual([
      ['analytics.portfolio', 30, 30],
      ['notifications.fanout', 30, 30],
    ]);
    // Rows written by one transaction share its xmin: the thirty events took fewer than thirty commits.
    expect(consumed.every((c) => c.transactions < 30)).toBe(true);
    const deliveries: { count: number }[] = await t.db.query(`SELECT count(*)::int AS count FROM webhook_deliveries WHERE event_id = ANY($1::uuid[])`, [ids]);
    expect(deliveries[0]!.count).toBe(60);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(new Set(received).size).toBe(60);
    expect(received).toHaveLength(60);
    expect(new Set(received.map((r) => r.split(':')[1]))).toEqual(new Set(ids));
  });

  it('a batch with one failing event: the others are consumed, the failing one is not, and only its job fails', async () => {
    const poison = randomUUID();
    const seen: string[] = [];
    @SubscribesTo('test.recorder', ['case.updated'])
    class Recorder implements DomainEventSubscriber<'case.updated'> {
      async handle(event: DomainEventMessage<'case.updated'>): Promise<void> {
        seen.push(event.id);
      }
    }
    @SubscribesTo('test.picky', ['case.updated'])
    class Picky implements DomainEventSubscriber<'case.updated'> {
      async handle(event: DomainEventMessage<'case.updated'>, manager: EntityManager): Promise<void> {
        await manager.query('SELECT 1');
        if (event.id === poison) throw new Error('this event cannot be handled');
      }
    }
    const providers = [Recorder, Picky].map((metatype) => ({ metatype, instance: new metatype() }));
    const dispatcher = new DomainEventDispatcher({ getProviders: () => providers } as unknown as DiscoveryService, t.db);
    dispatcher.onModuleInit();
    const event = (id: string): DomainEventMessage => ({
      id,
      type: 'case.updated',
      aggregate_type: 'case',
      aggregate_id: randomUUID(),
      org_ids: [lender.orgId],
      occurred_at: new Date().toISOString(),
      payload: { case_id: randomUUID(), fields: ['note'] },
    });
    const good = [randomUUID(), randomUUID(), randomUUID()];

    const outcomes = await Promise.allSettled([good[0]!, poison, good[1]!, good[2]!].map((id) => dispatcher.handle(event(id))));

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('this event cannot be handled');
    const marks: { event_id: string; consumer: string }[] = await t.db.query(
      `SELECT event_id, consumer FROM event_consumptions WHERE consumer LIKE 'test.%' ORDER BY consumer, event_id`,
    );
    const expected = [
      ...[...good, poison].map((id) => ({ event_id: id, consumer: 'test.recorder' })),
      ...good.map((id) => ({ event_id: id, consumer: 'test.picky' })),
    ].sort((a, b) => a.consumer.localeCompare(b.consumer) || a.event_id.localeCompare(b.event_id));
    expect(marks).toEqual(expected);

    // The job of the failing event runs again (BullMQ's retry): the recorder does not see it twice.
    seen.length = 0;
    await expect(dispatcher.handle(event(poison))).rejects.toThrow('this event cannot be handled');
    expect(seen).toEqual([]);
  });
});
