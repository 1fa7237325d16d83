import type { Worker } from 'bullmq';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OutboxRelay } from '../../src/common/outbox/outbox-relay';
import { Deadlines } from '../../src/common/queue/deadlines.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { WorkerHost } from '../../src/common/queue/worker-host';
import { WEBHOOK_DELIVERY } from '../../src/notifications/notification-jobs';
import { RETRY_DELAYS_MS } from '../../src/notifications/domain/retry-schedule';
import { addUser, aLender, anAgency, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, createTestAppOn, TestApp } from '../support/test-app';
import { eventually, recordEvent } from '../support/eventually';

const SCALE = 0.0001;

/** The verification function exactly as docs/webhooks.md shows it (its first ```js block). */
type Verify = (rawBody: string, header: string | undefined, secrets: string[], toleranceSeconds?: number, nowSeconds?: number) => boolean;
const verifyAsDocumented: Verify = (() => {
  const doc = readFileSync(join(__dirname, '../../docs/webhooks.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
  return new Function('require', `${code}\nreturn verifyReclaimWebhook;`)(require) as Verify;
})();

interface Received {
  readonly eventId: string;
  readonly body: string;
  readonly signature: string | undefined;
  readonly at: number;
}

type Answer = number | 'hang';

/** A local receiver (127.0.0.1, port 0) that records requests and deduplicates by event id, as the docs advise. */
class Receiver {
  readonly requests: Received[] = [];
  readonly logical = new Map<string, unknown>();
  private readonly held: { res: ServerResponse; eventId: string; body: string }[] = [];
  private server!: Server;
  url = '';

  constructor(private answer: (n: number) => Answer = () => 200) {}

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const eventId = String(req.headers['reclaim-event-id']);
        this.requests.push({ eventId, body, signature: req.headers['reclaim-signature'] as string | undefined, at: Date.now() });
        const answer = this.answer(this.requests.length);
        if (answer === 'hang') this.held.push({ res, eventId, body });
        else this.respond(res, eventId, body, answer);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  answerWith(answer: (n: number) => Answer): void {
    this.answer = answer;
  }

  /** Answers requests that were held open. */
  release(status: number): void {
    for (const { res, eventId, body } of this.held.splice(0)) this.respond(res, eventId, body, status);
  }

  /** Accepts an event the first time its id is seen (dedup by event id, as docs/webhooks.md advises). */
  private respond(res: ServerResponse, eventId: string, body: string, status: number): void {
    if (status >= 200 && status < 300 && !this.logical.has(eventId)) this.logical.set(eventId, JSON.parse(body));
    res.writeHead(status).end();
  }

  async stop(): Promise<void> {
    this.release(200);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}



async function createEndpoint(t: TestApp, org: OrgSession, url: string, eventTypes: string[] = ['*']): Promise<{ id: string; secret: string }> {
  const res = await t.http.post('/v1/webhook-endpoints').set(org.auth).send({ url, event_types: eventTypes });
  expect(res.status).toBe(201);
  return res.body;
}

async function deliveriesOf(t: TestApp, org: OrgSession, endpointId: string) {
  const res = await t.http.get(`/v1/webhook-endpoints/${endpointId}/deliveries`).set(org.auth);
  expect(res.status).toBe(200);
  return res.body.data as {
    id: string;
    event_id: string;
    status: string;
    attempt_count: number;
    next_attempt_at: string | null;
    attempts: { number: number; attempted_at: string; status_code: number | null; latency_ms: number; error: string | null; next_attempt_at: string | null }[];
  }[];
}

async function countRows(t: TestApp, table: string, orgId: string): Promise<number> {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1`, [orgId]);
  return n;
}

describe('webhooks', () => {
  let t: TestApp;
  const receivers: Receiver[] = [];
  const receiver = async (answer?: (n: number) => Answer) => {
    const r = await new Receiver(answer).start();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_RETRY_SCALE: String(SCALE), WEBHOOK_TIMEOUT_MS: '3000', ...platformAdminEnv() });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await t.close();
  });

  it('delivers a subscribed event to the receiver once, signed as documented', async () => {
    const lender = await aLender(t).build();
    const other = await aLender(t).build();
    const r = await receiver();
    const endpoint = await createEndpoint(t, lender, r.url, ['job.accepted']);
    expect(endpoint.secret).toMatch(/^whsec_/);

    await recordEvent(t, 'job.offered', [lender.orgId]); // not subscribed
    await recordEvent(t, 'job.accepted', [other.orgId], { job_id: 'not-ours' }); // another org's event
    const eventId = await recordEvent(t, 'job.accepted', [lender.orgId], { job_id: 'j1', job_title: 'Lot 1', partner_name: 'Acme' });

    await eventually(async () => r.requests.length >= 1, 10_000, 'the delivery');
    await new Promise((res) => setTimeout(res, 500));
    expect(r.requests).toHaveLength(1);
    const [request] = r.requests;
    expect(request!.eventId).toBe(eventId);
    expect(verifyAsDocumented(request!.body, request!.signature, [endpoint.secret])).toBe(true);
    expect(verifyAsDocumented(request!.body, request!.signature, ['whsec_wrong'])).toBe(false);
    expect(verifyAsDocumented(request!.body, request!.signature, [endpoint.secret], 300, Math.floor(Date.now() / 1000) + 301)).toBe(false);
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ id: eventId, type: 'job.accepted', created_at: expect.any(String), data: { job_id: 'j1', job_title: 'Lot 1', partner_name: 'Acme' } });
    expect(Object.keys(body)).toEqual(['id', 'type', 'created_at', 'data']);

    const deliveries = await eventually(async () => {
      const list = await deliveriesOf(t, lender, endpoint.id);
      return list[0]?.status === 'succeeded' && list;
    });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event_id: eventId, status: 'succeeded', attempt_count: 1, next_attempt_at: null });
    expect(deliveries[0]!.attempts).toEqual([expect.objectContaining({ number: 1, status_code: 200, error: null, next_attempt_at: null, latency_ms: expect.any(Number) })]);
  });

  it('keeps the secret encrypted at rest and shows it only at creation and rotation', async () => {
    const lender = await aLender(t).build();
    const r = await receiver();
    const endpoint = await createEndpoint(t, lender, r.url);
    const [row] = await t.db.query(`SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1`, [endpoint.id]);
    expect(row.secret_ciphertext).toMatch(/^v1\./);
    expect(row.secret_ciphertext).not.toContain(endpoint.secret);
    const got = await t.http.get(`/v1/webhook-endpoints/${endpoint.id}`).set(lender.auth);
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).not.toContain('whsec_');
    const listed = await t.http.get('/v1/webhook-endpoints').set(lender.auth);
    expect(listed.body.data.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
  });

  it('signs with both secrets for 24 h after a rotation', async () => {
    const lender = await aLender(t).build();
    const r = await receiver();
    const endpoint = await createEndpoint(t, lender, r.url);
    const rotated = await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/rotate-secret`).set(lender.auth);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);

    await recordEvent(t, 'job.accepted', [lender.orgId]);
    await eventually(async () => r.requests.length === 1, 10_000, 'the delivery');
    const { body, signature } = r.requests[0]!;
    expect(signature!.match(/v1=/g)).toHaveLength(2);
    expect(verifyAsDocumented(body, signature, [rotated.body.secret])).toBe(true);
    expect(verifyAsDocumented(body, signature, [endpoint.secret])).toBe(true);

    // After the overlap only the new secret signs.
    t.clock.set(new Date(Date.now() + 24 * 3600_000 + 60_000));
    try {
      await recordEvent(t, 'job.accepted', [lender.orgId]);
      await eventually(async () => r.requests.length === 2, 10_000, 'the second delivery');
      const second = r.requests[1]!;
      expect(second.signature!.match(/v1=/g)).toHaveLength(1);
      const now = Math.floor(t.clock.now().getTime() / 1000);
      expect(verifyAsDocumented(second.body, second.signature, [rotated.body.secret], 300, now)).toBe(true);
      expect(verifyAsDocumented(second.body, second.signature, [endpoint.secret], 300, now)).toBe(false);
    } finally {
      t.clock.reset();
    }
  });

  it('retries a failing receiver on the documented schedule: 500, 500, then 200', async () => {
    const lender = await aLender(t).build();
    const r = await receiver((n) => (n <= 2 ? 500 : 200));
    const endpoint = await createEndpoint(t, lender, r.url);
    const eventId = await recordEvent(t, 'job.accepted', [lender.orgId]);

    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(t, lender, endpoint.id);
      return list[0]?.status === 'succeeded' && list;
    });
    expect(r.requests.map((q) => q.eventId)).toEqual([eventId, eventId, eventId]);
    expect(r.logical.size).toBe(1);
    expect(delivery!.attempt_count).toBe(3);
    expect(delivery!.attempts.map((a) => [a.number, a.status_code, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 200, null],
    ]);
    const [a1, a2, a3] = delivery!.attempts as [(typeof delivery)['attempts'][number], (typeof delivery)['attempts'][number], (typeof delivery)['attempts'][number]];
    for (const [attempt, following, index] of [[a1, a2, 0], [a2, a3, 1]] as const) {
      // The wait after attempt n is RETRY_DELAYS_MS[n-1] × scale, ±10 % jitter, counted from the end of the attempt.
      const waited = Date.parse(attempt.next_attempt_at!) - Date.parse(attempt.attempted_at) - attempt.latency_ms;
      const nominal = RETRY_DELAYS_MS[index]! * SCALE;
      expect(waited).toBeGreaterThanOrEqual(Math.floor(nominal * 0.9) - 2);
      expect(waited).toBeLessThanOrEqual(Math.ceil(nominal * 1.1) + 2);
      expect(Date.parse(following.attempted_at)).toBeGreaterThanOrEqual(Date.parse(attempt.next_attempt_at!) - 2);
    }
    expect(a3.next_attempt_at).toBeNull();
    const [row] = await t.db.query(`SELECT failing_since FROM webhook_endpoints WHERE id = $1`, [endpoint.id]);
    expect(row.failing_since).toBeNull();
  });

  it('dead-letters after the whole schedule, refuses a replay while pending, and replays once the receiver recovers', async () => {
    const lender = await aLender(t).build();
    const r = await receiver(() => 503);
    const endpoint = await createEndpoint(t, lender, r.url);
    const eventId = await recordEvent(t, 'job.accepted', [lender.orgId]);

    const pending = await eventually(async () => (await deliveriesOf(t, lender, endpoint.id))[0]);
    const early = await t.http.post(`/v1/webhook-deliveries/${pending.id}/replay`).set(lender.auth);
    if (early.status !== 409) throw new Error(`expected the pending delivery to refuse a replay, got ${early.status}`);
    expectProblem(early, 409, 'webhook_delivery.pending');

    const [dead] = await eventually(
      async () => {
        const list = await deliveriesOf(t, lender, endpoint.id);
        return list[0]?.status === 'dead_lettered' && list;
      },
      40_000,
      'dead-lettering',
    );
    expect(dead!.attempt_count).toBe(RETRY_DELAYS_MS.length + 1);
    expect(dead!.attempts).toHaveLength(10);
    expect(dead!.attempts.every((a) => a.status_code === 503)).toBe(true);
    expect(dead!.attempts[9]!.next_attempt_at).toBeNull();
    expect(dead!.attempts.slice(0, 9).every((a) => a.next_attempt_at !== null)).toBe(true);
    expect(r.requests).toHaveLength(10);
    const listed = await t.http.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries?status=dead_lettered`).set(lender.auth);
    expect(listed.body.data.map((d: { id: string }) => d.id)).toEqual([dead!.id]);

    r.answerWith(() => 200);
    const replay = await t.http.post(`/v1/webhook-deliveries/${dead!.id}/replay`).set(lender.auth);
    expect(replay.status).toBe(202);
    expect(replay.body.status).toBe('pending');
    const done = await eventually(async () => {
      const res = await t.http.get(`/v1/webhook-deliveries/${dead!.id}`).set(lender.auth);
      return res.body.status === 'succeeded' && res.body;
    });
    expect(done.attempts).toHaveLength(11);
    expect(done.attempts[10]).toMatchObject({ number: 11, status_code: 200 });
    expect(r.requests).toHaveLength(11);
    expect([...r.logical.keys()]).toEqual([eventId]);
  }, 60_000);

  it('disables an endpoint failing for 3 days and tells its owner', async () => {
    const lender = await aLender(t).build();
    const manager = await addUser(t, lender, 'manager');
    const r = await receiver(() => 500);
    const watcher = await receiver();
    const endpoint = await createEndpoint(t, lender, r.url, ['job.accepted']);
    const watching = await createEndpoint(t, lender, watcher.url, ['webhook_endpoint.disabled']);
    const failingSince = new Date(Date.now() - 3 * 24 * 3600_000 - 60_000);
    await t.db.query(`UPDATE webhook_endpoints SET failing_since = $2 WHERE id = $1`, [endpoint.id, failingSince]);

    await recordEvent(t, 'job.accepted', [lender.orgId]);
    const disabled = await eventually(async () => {
      const res = await t.http.get(`/v1/webhook-endpoints/${endpoint.id}`).set(lender.auth);
      return res.body.enabled === false && res.body;
    });
    expect(disabled).toMatchObject({ disabled_reason: 'failing_for_3_days', disabled_at: expect.any(String) });
    const [delivery] = await deliveriesOf(t, lender, endpoint.id);
    expect(delivery).toMatchObject({ status: 'dead_lettered', attempt_count: 1 });

    for (const person of [lender, manager]) {
      const inbox = await eventually(async () => {
        const res = await t.http.get('/v1/notifications').set(person.auth);
        return res.body.data.find((n: { type: string }) => n.type === 'webhook_endpoint.disabled');
      });
      expect(inbox.title).toBe(`Webhook endpoint disabled: ${r.url}`);
    }
    await eventually(async () => watcher.logical.size === 1, 10_000, 'the disabled event as a webhook');
    expect([...watcher.logical.values()][0]).toMatchObject({ type: 'webhook_endpoint.disabled', data: { endpoint_id: endpoint.id } });
    expect(watching.id).toBeDefined();

    const replay = await t.http.post(`/v1/webhook-deliveries/${delivery!.id}/replay`).set(lender.auth);
    expectProblem(replay, 409, 'webhook_endpoint.disabled');
    const [after] = await t.db.query(`SELECT status, attempt_count FROM webhook_deliveries WHERE id = $1`, [delivery!.id]);
    expect(after).toEqual({ status: 'dead_lettered', attempt_count: 1 });

    const enabled = await t.http.patch(`/v1/webhook-endpoints/${endpoint.id}`).set(lender.auth).send({ enabled: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
  });

  it('delivers at least once when the worker dies mid-delivery, and the receiver sees one event', async () => {
    const api = await createTestApp({ APP_ROLE: 'api', WEBHOOK_RETRY_SCALE: String(SCALE) });
    const workers: TestApp[] = [];
    try {
      const lender = await aLender(api).build();
      const r = await receiver((n) => (n === 1 ? 'hang' : 200));
      const endpoint = await createEndpoint(api, lender, r.url);

      // A long timeout keeps its request open until the test releases it, after the takeover.
      const doomed = await createTestAppOn(api.databaseName, { APP_ROLE: 'worker', WEBHOOK_RETRY_SCALE: String(SCALE), WEBHOOK_TIMEOUT_MS: '60000' });
      workers.push(doomed);
      const eventId = await recordEvent(api, 'job.accepted', [lender.orgId]);
      await eventually(async () => r.requests.length === 1, 10_000, 'the first attempt to reach the receiver');

      // Kill it: its workers stop without finishing (or renewing the lock of) the job they hold.
      await doomed.app.get(OutboxRelay).onApplicationShutdown();
      for (const worker of (doomed.app.get(WorkerHost) as unknown as { workers: Worker[] }).workers) await worker.close(true);

      const survivor = await createTestAppOn(api.databaseName, { APP_ROLE: 'worker', WEBHOOK_RETRY_SCALE: String(SCALE) });
      workers.push(survivor);
      const [delivery] = await eventually(
        async () => {
          const list = await deliveriesOf(api, lender, endpoint.id);
          return list[0]?.status === 'succeeded' && list;
        },
        45_000,
        'the delivery to be taken over',
      );
      expect(r.requests.length).toBeGreaterThanOrEqual(2);
      expect(r.requests.every((q) => q.eventId === eventId)).toBe(true);
      expect([...r.logical.keys()]).toEqual([eventId]);

      // The dead worker's request finally returns: its attempt is not recorded a second time.
      r.release(200);
      await new Promise((res) => setTimeout(res, 500));
      const [again] = await deliveriesOf(api, lender, endpoint.id);
      expect(again!.attempts).toHaveLength(1);
      expect(again!.attempts[0]).toMatchObject({ number: 1, status_code: 200 });
      expect(delivery!.attempt_count).toBe(1);
      expect(r.logical.size).toBe(1);
    } finally {
      for (const w of workers.reverse()) await w.close({ keepDatabase: true });
      await api.close();
    }
  }, 60_000);

  it('re-sends a delivery whose job was lost (e.g. Redis down after the commit) from the sweep, once', async () => {
    const lender = await aLender(t).build();
    const r = await receiver();
    const endpoint = await createEndpoint(t, lender, r.url);
    const queue = t.app.get(QueueService).queue(WEBHOOK_DELIVERY.queue);
    // Paused, so the attempt is still waiting when the test deletes it from Redis.
    await queue.pause();
    let deliveryId = '';
    try {
      await recordEvent(t, 'job.accepted', [lender.orgId]);
      deliveryId = await eventually(async () => (await deliveriesOf(t, lender, endpoint.id))[0]?.id, 10_000, 'the delivery row');
      const job = await eventually(() => queue.getJob(WEBHOOK_DELIVERY.idOf({ delivery_id: deliveryId, attempt: 1 })), 10_000, 'the delivery job');
      await job.remove();
    } finally {
      await queue.resume();
    }
    const deadlines = t.app.get(Deadlines);
    await deadlines.sweep(WEBHOOK_DELIVERY);
    expect(await queue.getJob(WEBHOOK_DELIVERY.idOf({ delivery_id: deliveryId, attempt: 1 }))).toBeUndefined();
    // Past the 30 s grace the sweep queues the attempt again under the same id.
    t.clock.set(new Date(Date.now() + 31_000));
    try {
      expect((await deadlines.sweep(WEBHOOK_DELIVERY)).swept).toBeGreaterThanOrEqual(1);
      const [delivered] = await eventually(async () => {
        const list = await deliveriesOf(t, lender, endpoint.id);
        return list[0]?.status === 'succeeded' && list;
      }, 10_000, 'the re-sent delivery');
      expect(delivered).toMatchObject({ id: deliveryId, status: 'succeeded', attempt_count: 1 });
    } finally {
      t.clock.reset();
    }
    expect(r.requests).toHaveLength(1);
  });

  it('never fans an event out twice to the same endpoint', async () => {
    const lender = await aLender(t).build();
    const r = await receiver();
    const endpoint = await createEndpoint(t, lender, r.url);
    const eventId = await recordEvent(t, 'job.accepted', [lender.orgId]);
    await eventually(async () => r.requests.length === 1, 10_000, 'the delivery');
    // Replaying the event through the fan-out (a relay restart re-publishing it) adds no delivery.
    const [event] = await t.db.query(`SELECT id, type, aggregate_type, aggregate_id, org_ids, occurred_at, payload FROM outbox_events WHERE id = $1`, [eventId]);
    const { NotificationFanout } = await import('../../src/notifications/notification-fanout.subscriber');
    await t.db.transaction((manager) =>
      t.app.get(NotificationFanout).handle({ ...event, occurred_at: new Date(event.occurred_at).toISOString() }, manager),
    );
    await new Promise((res) => setTimeout(res, 300));
    expect(await deliveriesOf(t, lender, endpoint.id)).toHaveLength(1);
    expect(r.requests).toHaveLength(1);
  });

  describe('refusals', () => {
    let lender: OrgSession;
    let other: OrgSession;
    let endpoint: { id: string; secret: string };
    let deliveryId: string;

    beforeAll(async () => {
      lender = await aLender(t).build();
      other = await aLender(t).build();
      const r = await receiver();
      endpoint = await createEndpoint(t, lender, r.url);
      await recordEvent(t, 'job.accepted', [lender.orgId]);
      deliveryId = (await eventually(async () => (await deliveriesOf(t, lender, endpoint.id)).find((d) => d.status === 'succeeded')))!.id;
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['a malformed URL', { url: 'not a url', event_types: ['*'] }, 400, 'validation.failed'],
      ['a non-http scheme', { url: 'ftp://hooks.example.com/x', event_types: ['*'] }, 400, 'validation.failed'],
      ['credentials in the URL', { url: 'https://u:p@hooks.example.com/x', event_types: ['*'] }, 400, 'validation.failed'],
      ['plain http to another host', { url: 'http://hooks.example.com/x', event_types: ['*'] }, 422, 'webhook_endpoint.https_required'],
      ['no event types', { url: 'https://hooks.example.com/x', event_types: [] }, 400, 'validation.failed'],
      ['a malformed event type', { url: 'https://hooks.example.com/x', event_types: ['Job Offered'] }, 400, 'validation.failed'],
      ["'*' with other types", { url: 'https://hooks.example.com/x', event_types: ['*', 'job.offered'] }, 400, 'validation.failed'],
      ['an event type not in the catalogue', { url: 'https://hooks.example.com/x', event_types: ['job.ofered'] }, 400, 'validation.failed'],
      ['an unknown field', { url: 'https://hooks.example.com/x', event_types: ['*'], secret: 'mine' }, 400, 'validation.failed'],
    ])('refuses %s and writes nothing', async (_name, body, status, code) => {
      const before = await countRows(t, 'webhook_endpoints', lender.orgId);
      const res = await t.http.post('/v1/webhook-endpoints').set(lender.auth).send(body);
      const problem = expectProblem(res, status, code);
      if (status === 400 || code === 'webhook_endpoint.https_required') expect(problem.errors?.length).toBeGreaterThan(0);
      expect(await countRows(t, 'webhook_endpoints', lender.orgId)).toBe(before);
    });

    it('names each event type that is not in the catalogue', async () => {
      const res = await t.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url: 'https://hooks.example.com/x', event_types: ['job.accepted', 'job.ofered', 'case.exploded'] });
      const problem = expectProblem(res, 400, 'validation.failed');
      expect(problem.errors?.map((e) => e.message)).toEqual([
        "'job.ofered' is not an event type; GET /v1/events/catalogue lists them",
        "'case.exploded' is not an event type; GET /v1/events/catalogue lists them",
      ]);
    });

    it('refuses an endpoint to a role that does not manage integrations', async () => {
      const agent = await addUser(t, lender, 'agent');
      const before = await countRows(t, 'webhook_endpoints', lender.orgId);
      expectProblem(await t.http.post('/v1/webhook-endpoints').set(agent.auth).send({ url: 'https://hooks.example.com/x', event_types: ['*'] }), 403, 'auth.insufficient_role');
      expectProblem(await t.http.get('/v1/webhook-endpoints').set(agent.auth), 403, 'auth.insufficient_role');
      expectProblem(await t.http.post(`/v1/webhook-deliveries/${deliveryId}/replay`).set(agent.auth), 403, 'auth.insufficient_role');
      expect(await countRows(t, 'webhook_endpoints', lender.orgId)).toBe(before);
    });

    it("answers 404 for another org's endpoint and delivery, and changes nothing", async () => {
      const [before] = await t.db.query(`SELECT url, enabled, secret_ciphertext, updated_at FROM webhook_endpoints WHERE id = $1`, [endpoint.id]);
      const [deliveryBefore] = await t.db.query(`SELECT status, attempt_count, updated_at FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
      const path = `/v1/webhook-endpoints/${endpoint.id}`;
      expectProblem(await t.http.get(path).set(other.auth), 404, 'webhook_endpoint.not_found');
      expectProblem(await t.http.patch(path).set(other.auth).send({ enabled: false }), 404, 'webhook_endpoint.not_found');
      expectProblem(await t.http.delete(path).set(other.auth), 404, 'webhook_endpoint.not_found');
      expectProblem(await t.http.post(`${path}/rotate-secret`).set(other.auth), 404, 'webhook_endpoint.not_found');
      expectProblem(await t.http.get(`${path}/deliveries`).set(other.auth), 404, 'webhook_endpoint.not_found');
      expectProblem(await t.http.get(`/v1/webhook-deliveries/${deliveryId}`).set(other.auth), 404, 'webhook_delivery.not_found');
      expectProblem(await t.http.post(`/v1/webhook-deliveries/${deliveryId}/replay`).set(other.auth), 404, 'webhook_delivery.not_found');
      expectProblem(await t.http.get('/v1/webhook-endpoints/not-a-uuid').set(lender.auth), 404, 'webhook_endpoint.not_found');
      const [after] = await t.db.query(`SELECT url, enabled, secret_ciphertext, updated_at FROM webhook_endpoints WHERE id = $1`, [endpoint.id]);
      const [deliveryAfter] = await t.db.query(`SELECT status, attempt_count, updated_at FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
      expect(after).toEqual(before);
      expect(deliveryAfter).toEqual(deliveryBefore);
      expect((await t.http.get('/v1/webhook-endpoints').set(other.auth)).body.data).toEqual([]);
    });

    it('updates, disables and deletes its own endpoint', async () => {
      const r = await receiver();
      const mine = await createEndpoint(t, lender, r.url);
      const patched = await t.http.patch(`/v1/webhook-endpoints/${mine.id}`).set(lender.auth).send({ event_types: ['job.offered'], enabled: false });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ event_types: ['job.offered'], enabled: false, disabled_reason: 'disabled_by_user' });
      expectProblem(await t.http.patch(`/v1/webhook-endpoints/${mine.id}`).set(lender.auth).send({ url: 'http://hooks.example.com/x' }), 422, 'webhook_endpoint.https_required');
      expect((await t.http.get(`/v1/webhook-endpoints/${mine.id}`).set(lender.auth)).body.url).toBe(r.url);
      await recordEvent(t, 'job.offered', [lender.orgId]);
      await new Promise((res) => setTimeout(res, 500));
      expect(r.requests).toHaveLength(0); // disabled endpoints get no deliveries
      expect((await t.http.delete(`/v1/webhook-endpoints/${mine.id}`).set(lender.auth)).status).toBe(204);
      expectProblem(await t.http.get(`/v1/webhook-endpoints/${mine.id}`).set(lender.auth), 404, 'webhook_endpoint.not_found');
    });

    it('refuses plain http even to localhost in production, and writes nothing', async () => {
      const key = Buffer.alloc(32, 3).toString('base64');
      const prod = await createTestApp({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), PII_KEYS: `k1:${key}`, PII_ACTIVE_KEY_ID: 'k1', PII_BLIND_INDEX_KEY: key });
      try {
        const owner = await aLender(prod).build();
        for (const url of ['http://localhost:4000/hook', 'http://127.0.0.1:4000/hook']) {
          expectProblem(await prod.http.post('/v1/webhook-endpoints').set(owner.auth).send({ url, event_types: ['*'] }), 422, 'webhook_endpoint.https_required');
        }
        expect(await countRows(prod, 'webhook_endpoints', owner.orgId)).toBe(0);
        const ok = await prod.http.post('/v1/webhook-endpoints').set(owner.auth).send({ url: 'https://hooks.example.com/reclaim', event_types: ['*'] });
        expect(ok.status).toBe(201);
      } finally {
        await prod.close();
      }
    });
  });

  describe('queue dashboard', () => {
    it('is for platform admins only', async () => {
      const admin = await loginPlatformAdmin(t);
      const lender = await aLender(t).build();
      expectProblem(await t.http.get('/admin/queues'), 401, 'auth.missing_credentials');
      expectProblem(await t.http.get('/admin/queues').set('Authorization', 'Bearer nonsense'), 401, 'auth.invalid_token');
      expectProblem(await t.http.get('/admin/queues/api/queues').set(lender.auth), 403, 'auth.platform_admin_required');

      const page = await t.http.get('/admin/queues').set(admin.auth);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await t.http.get('/admin/queues/api/queues').set(admin.auth);
      expect(api.status).toBe(200);
      const names = (api.body.queues as { name: string }[]).map((q) => q.name);
      expect(names).toEqual(expect.arrayContaining(['domain-events', 'webhook-deliveries', 'notifications']));
    });
  });

  it('lets a partner org subscribe too (routing by party org)', async () => {
    const lender = await aLender(t).build();
    const agency = await anAgency(t).build();
    const forLender = await receiver();
    const forAgency = await receiver();
    await createEndpoint(t, lender, forLender.url, ['job.offered']);
    await createEndpoint(t, agency, forAgency.url, ['job.offered']);
    const eventId = await recordEvent(t, 'job.offered', [lender.orgId, agency.orgId]);
    await eventually(async () => forLender.logical.has(eventId) && forAgency.logical.has(eventId), 10_000, 'both deliveries');
  });
});
