/**
 * `npm run bench -- notify`: 10,000 domain events fanned out to 5 webhook endpoints on a local
 * receiver, through the real app (outbox → relay → dispatcher → delivery jobs → signed POSTs),
 * on a fresh database. Reports deliveries/s and the latency from each event's commit to its
 * receipt (p50/p99), then raw BullMQ add+process throughput for an empty job on the same Redis
 * as the ceiling, and the ratio. A short paced run gives the latency without a backlog.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../src/app.factory';
import { NewDomainEvent, OutboxService } from '../src/common/outbox/outbox.service';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';
import { verifyWebhook } from '../src/notifications/domain/webhook-signature';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ENDPOINTS = 5;
const BATCH = 100;
const PACED_EVENTS = 500;
const PACED_RATE = 100; // events per second
const BASE = process.env.BENCH_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `${Date.now()}`;

/** The local receiver: verifies every signature, records first receipt per (endpoint, event). */
class Receiver {
  readonly receipts = new Map<string, number>();
  secrets: string[] = [];
  requests = 0;
  invalid = 0;
  duplicates = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  async start(): Promise<string> {
    const server = createServer({ keepAliveTimeout: 60_000 }, (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        this.requests++;
        const body = Buffer.concat(chunks).toString('utf8');
        const endpoint = Number(req.url!.split('/').pop());
        const check = verifyWebhook(String(req.headers['reclaim-signature']), body, [this.secrets[endpoint]!], Math.floor(Date.now() / 1000));
        if (!check.valid) {
          this.invalid++;
          res.writeHead(400).end();
          return;
        }
        const key = `${endpoint}:${req.headers['reclaim-event-id']}`;
        if (this.receipts.has(key)) this.duplicates++;
        else this.receipts.set(key, at);
        res.writeHead(204).end();
        this.waiters = this.waiters.filter((w) => (this.receipts.size >= w.count ? (w.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.close = () => {
      server.closeAllConnections();
      server.close();
    };
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  close = (): void => undefined;

  until(count: number, timeoutMs: number): Promise<void> {
    if (this.receipts.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.receipts.size} of ${count} deliveries arrived in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function latencies(receiver: Receiver, committed: Map<string, number>): number[] {
  const values: number[] = [];
  for (const [key, at] of receiver.receipts) {
    const commit = committed.get(key.slice(key.indexOf(':') + 1));
    if (commit !== undefined) values.push(at - commit);
  }
  return values.sort((a, b) => a - b);
}

async function inject(app: NestFastifyApplication, method: 'GET' | 'POST', url: string, payload?: unknown, token?: string) {
  const res = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ method, url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Raw BullMQ: `jobs` empty jobs added in bulk and processed with the same concurrency as deliveries. */
async function rawBullmq(jobs: number, concurrency: number): Promise<number> {
  const prefix = `bench:raw:${RUN}`;
  const connection = new IORedis(REDIS, { maxRetriesPerRequest: null, protocol: 2 } as never);
  const workerConnection = new IORedis(REDIS, { maxRetriesPerRequest: null, protocol: 2 } as never);
  const queue = new Queue('bench-empty', { connection, prefix });
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('bench-empty', async () => undefined, { connection: workerConnection, prefix, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++done === jobs) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  void worker.run();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'empty', data: { i: i + k }, opts: { jobId: `empty-${i + k}`, removeOnComplete: true } })),
    );
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  return jobs / seconds;
}

async function main(): Promise<void> {
  const database = `reclaim_bench_notify_${RUN}`;
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const databaseUrl = `${BASE}/${database}`;
  await runMigrations({ databaseUrl });

  const receiver = new Receiver();
  const receiverUrl = await receiver.start();
  const redisPrefix = `bench:notify:${RUN}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    APP_ROLE: 'all',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    REDIS_PREFIX: redisPrefix,
    RUN_MIGRATIONS: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_INTERVAL_MS: '50',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    SMTP_URL: '',
  });
  const app = await createHttpApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get<DataSource>(getDataSourceToken());
  const outbox = app.get(OutboxService);

  try {
    const owner = await inject(app, 'POST', '/v1/auth/register', {
      org: { name: 'Bench Lender', kind: 'lender', region: 'US-TX' },
      user: { email: `bench-${RUN}@example.com`, password: 'bench-password-1234', name: 'Bench' },
    });
    for (let i = 0; i < ENDPOINTS; i++) {
      const endpoint = await inject(app, 'POST', '/v1/webhook-endpoints', { url: `${receiverUrl}/e/${i}`, event_types: ['case.updated'] }, owner.access_token);
      receiver.secrets[i] = endpoint.secret;
    }
    const orgId: string = owner.org.id;
    const committed = new Map<string, number>();
    // A small payload like most events; a real catalogue type, so the bench goes through the typed outbox.
    const event = (i: number): NewDomainEvent => ({ type: 'case.updated', aggregateType: 'case', aggregateId: randomUUID(), orgIds: [orgId], payload: { case_id: randomUUID(), fields: [`note_${i}`] } });
    const commit = async (from: number, count: number) => {
      const ids = await db.transaction((m) => outbox.recordMany(m, Array.from({ length: count }, (_, k) => event(from + k))));
      const at = performance.now();
      for (const id of ids) committed.set(id, at);
    };

    // Warm-up: connections, JIT, BullMQ scripts.
    await commit(0, 200);
    await receiver.until(200 * ENDPOINTS, 60_000);
    receiver.receipts.clear();
    committed.clear();

    process.stdout.write(`notify: ${EVENTS} events × ${ENDPOINTS} endpoints = ${EVENTS * ENDPOINTS} deliveries (events committed ${BATCH} per transaction, as fast as possible)\n`);
    const started = performance.now();
    for (let i = 0; i < EVENTS; i += BATCH) await commit(i, Math.min(BATCH, EVENTS - i));
    const allCommitted = performance.now();
    const progress = process.env.BENCH_PROGRESS
      ? setInterval(() => {
          void db
            .query(`SELECT count(*)::int AS created, count(*) FILTER (WHERE status = 'succeeded')::int AS done FROM webhook_deliveries`)
            .then(([r]: { created: number; done: number }[]) => process.stdout.write(`  … ${((performance.now() - started) / 1000).toFixed(1)} s: ${r.created} deliveries created, ${r.done} succeeded, ${receiver.receipts.size} received\n`));
        }, 1000)
      : undefined;
    await receiver.until(EVENTS * ENDPOINTS, 10 * 60_000);
    clearInterval(progress);
    const elapsed = (performance.now() - started) / 1000;
    const rate = (EVENTS * ENDPOINTS) / elapsed;
    const loaded = latencies(receiver, committed);

    receiver.receipts.clear();
    committed.clear();
    const pacedStart = performance.now();
    for (let i = 0; i < PACED_EVENTS; i++) {
      const due = pacedStart + (i * 1000) / PACED_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await commit(i, 1);
    }
    await receiver.until(PACED_EVENTS * ENDPOINTS, 60_000);
    const paced = latencies(receiver, committed);

    const [{ succeeded, attempts }] = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, sum(attempt_count)::int AS attempts FROM webhook_deliveries`,
    );
    await app.close();

    const ceiling = await rawBullmq(EVENTS * ENDPOINTS, 50);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    process.stdout.write(
      [
        `  all events committed in        ${((allCommitted - started) / 1000).toFixed(2)} s`,
        `  all deliveries received in     ${elapsed.toFixed(2)} s`,
        `  deliveries/s                   ${rate.toFixed(0)}`,
        `  commit → receipt (backlog)     p50 ${ms(percentile(loaded, 50))}  p99 ${ms(percentile(loaded, 99))}  max ${ms(loaded[loaded.length - 1]!)}`,
        `  commit → receipt (paced ${PACED_RATE}/s) p50 ${ms(percentile(paced, 50))}  p99 ${ms(percentile(paced, 99))}`,
        `  requests ${receiver.requests}, invalid signatures ${receiver.invalid}, duplicate receipts ${receiver.duplicates}; deliveries succeeded ${succeeded}, attempts ${attempts}`,
        `  raw BullMQ empty job add+process (concurrency 50): ${ceiling.toFixed(0)} jobs/s`,
        `  ratio deliveries/s ÷ raw BullMQ jobs/s: ${(rate / ceiling).toFixed(3)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await app.close().catch(() => undefined);
    receiver.close();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    const redis = new IORedis(REDIS, { protocol: 2 } as never);
    for (const prefix of [redisPrefix, `bench:raw:${RUN}`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    redis.disconnect();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench notify failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
