/**
 * `npm run bench -- notify`: 10,000 domain events fanned out to 5 webhook endpoints on a local
 * receiver, through the real app (outbox → relay → dispatcher → delivery jobs → signed POSTs),
 * on a fresh database, with the deliveries made by BENCH_WORKERS separate worker processes
 * (`APP_ROLE=worker`, default 1). Each repeat (BENCH_REPEATS, default 3, after a warm-up) is a
 * backlog run (deliveries/s, commit → receipt p50/p99) followed by raw BullMQ add+process of as
 * many empty jobs on the same Redis — the ceiling — so ratio pairs are taken side by side. Then
 * paced runs (BENCH_PACED_EVENTS at BENCH_PACED_RATE per second, default 500 at 100/s) give the
 * latency without a backlog; BENCH_OUTBOX_POLL_MS sets the relay poll (default 50). Every receipt's signature is
 * verified; duplicates and losses are counted.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../src/app.factory';
import { NewDomainEvent, OutboxService } from '../src/common/outbox/outbox.service';
import { generateSecrets, loadConfig } from '../src/config/app-config';
import { verifyWebhook } from '../src/notifications/domain/webhook-signature';
import { benchLine, benchDatabase, fmt, percentile, range, REPEATS, summarise } from './_support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ENDPOINTS = 5;
const BATCH = 100;
const PACED_EVENTS = Number(process.env.BENCH_PACED_EVENTS ?? 500);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100); // events per second
const BASE = process.env.BENCH_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `${Date.now()}`;
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? 1));

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

/** Worker processes of the real app (`node dist/src/main.js`, APP_ROLE=worker) on the bench's database and Redis prefix. */
function startWorkers(count: number, env: Record<string, string>): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], { env: { ...process.env, ...env, APP_ROLE: 'worker' }, stdio: ['ignore', 'ignore', 'inherit'] }),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null) return resolve();
          w.once('exit', () => resolve());
          w.kill('SIGTERM');
        }),
    ),
  );
}

async function main(): Promise<void> {
  const database = `reclaim_bench_notify_${RUN}`;
  const { databaseUrl, machine, drop } = await benchDatabase(BASE, database);

  const receiver = new Receiver();
  const receiverUrl = await receiver.start();
  const redisPrefix = `bench:notify:${RUN}`;
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    REDIS_PREFIX: redisPrefix,
    RUN_MIGRATIONS: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_INTERVAL_MS: process.env.BENCH_OUTBOX_POLL_MS ?? '50',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    SMTP_URL: '',
    // The receiver listens on this machine: development's opt-in to private targets (issue 11 SSRF guard).
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    // One set of keys for the api and every worker process: the workers open the signing secrets the api stored.
    ...generateSecrets(),
  };
  // The bench process is the api (endpoints, commits) and the receiver; deliveries happen in the workers.
  const config = loadConfig({ ...process.env, ...env, APP_ROLE: 'api' });
  const app = await createHttpApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get<DataSource>(getDataSourceToken());
  const outbox = app.get(OutboxService);
  let workers: ChildProcess[] = [];

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
    const reset = () => {
      receiver.receipts.clear();
      committed.clear();
    };

    workers = startWorkers(WORKERS, env);
    // Warm-up: worker boot, connections, JIT, BullMQ scripts.
    await commit(0, 200);
    await receiver.until(200 * ENDPOINTS, 120_000);
    reset();

    process.stdout.write(
      `notify: ${fmt(EVENTS)} events × ${ENDPOINTS} endpoints = ${fmt(EVENTS * ENDPOINTS)} deliveries per repeat (committed ${BATCH} per transaction, as fast as possible); ${WORKERS} worker process(es); ${REPEATS} repeats\n`,
    );
    const rates: number[] = [];
    const ceilings: number[] = [];
    const backlogP50: number[] = [];
    const backlogP99: number[] = [];
    let lost = 0;
    for (let r = 0; r < REPEATS; r++) {
      reset();
      const started = performance.now();
      for (let i = 0; i < EVENTS; i += BATCH) await commit(i, Math.min(BATCH, EVENTS - i));
      await receiver.until(EVENTS * ENDPOINTS, 10 * 60_000);
      const elapsed = (performance.now() - started) / 1000;
      lost += EVENTS * ENDPOINTS - receiver.receipts.size;
      const loaded = latencies(receiver, committed);
      rates.push((EVENTS * ENDPOINTS) / elapsed);
      backlogP50.push(percentile(loaded, 50));
      backlogP99.push(percentile(loaded, 99));
      ceilings.push(await rawBullmq(EVENTS * ENDPOINTS, 50));
      process.stdout.write(`  run ${r + 1}: ${fmt(rates[r]!)} deliveries/s (${elapsed.toFixed(1)} s); raw BullMQ ${fmt(ceilings[r]!)} jobs/s; ratio ${(rates[r]! / ceilings[r]!).toFixed(3)}; backlog commit → receipt p50 ${fmt(backlogP50[r]!)} ms p99 ${fmt(backlogP99[r]!)} ms\n`);
    }

    const pacedP50: number[] = [];
    const pacedP99: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      reset();
      const pacedStart = performance.now();
      for (let i = 0; i < PACED_EVENTS; i++) {
        const due = pacedStart + (i * 1000) / PACED_RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await commit(i, 1);
      }
      await receiver.until(PACED_EVENTS * ENDPOINTS, 60_000);
      const paced = latencies(receiver, committed);
      pacedP50.push(percentile(paced, 50));
      pacedP99.push(percentile(paced, 99));
      process.stdout.write(`  paced run ${r + 1}: ${PACED_EVENTS} events at ${PACED_RATE}/s, commit → receipt p50 ${fmt(pacedP50[r]!)} ms p99 ${fmt(pacedP99[r]!)} ms\n`);
    }

    // A receipt comes before its delivery row is marked (the worker records the answer after it):
    // the counts are read once no row is left pending, or after 30 s with what is still pending.
    const settledBy = performance.now() + 30_000;
    let counts: { succeeded: number; pending: number; attempts: number };
    for (;;) {
      [counts] = await db.query(
        `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE status = 'pending')::int AS pending, sum(attempt_count)::int AS attempts FROM webhook_deliveries`,
      );
      if (counts.pending === 0 || performance.now() > settledBy) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { succeeded, pending, attempts } = counts;
    await stopWorkers(workers);
    await app.close();

    const rate = summarise(rates);
    const ceiling = summarise(ceilings);
    const ratio = summarise(rates.map((v, i) => v / ceilings[i]!));
    const p99 = summarise(pacedP99);
    process.stdout.write(
      [
        '',
        `  deliveries/s                         ${range(rate)}`,
        `  raw BullMQ empty job add+process     ${range(ceiling)} jobs/s (concurrency 50, same Redis)`,
        `  ratio                                ${range(ratio, 3)}`,
        `  commit → receipt, backlog            p50 ${range(summarise(backlogP50), 0, ' ms')}  p99 ${range(summarise(backlogP99), 0, ' ms')}`,
        `  commit → receipt, paced ${PACED_RATE}/s       p50 ${range(summarise(pacedP50), 0, ' ms')}  p99 ${range(p99, 0, ' ms')}`,
        `  requests ${receiver.requests}, invalid signatures ${receiver.invalid}, duplicate receipts ${receiver.duplicates}, lost ${lost}; deliveries succeeded ${succeeded}, still pending ${pending}, attempts ${attempts}`,
        '',
      ].join('\n'),
    );
    benchLine('notify', ratio.median, 'raw BullMQ add+process of an empty job, same Redis, concurrency 50', {
      deliveries_per_s: Math.round(rate.median),
      deliveries_range: [Math.round(rate.min), Math.round(rate.max)],
      raw_bullmq_jobs_per_s: Math.round(ceiling.median),
      ratio_range: [Number(ratio.min.toFixed(4)), Number(ratio.max.toFixed(4))],
      paced_p50_ms: Math.round(summarise(pacedP50).median),
      paced_p99_ms: Math.round(p99.median),
      paced_p99_range_ms: [Math.round(p99.min), Math.round(p99.max)],
      backlog_p99_ms: Math.round(summarise(backlogP99).median),
      invalid_signatures: receiver.invalid,
      duplicate_receipts: receiver.duplicates,
      lost,
      worker_processes: WORKERS,
      repeats: REPEATS,
      ...machine,
    });
  } finally {
    await stopWorkers(workers);
    await app.close().catch(() => undefined);
    receiver.close();
    await drop();
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

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench notify failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
