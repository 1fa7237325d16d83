/**
 * Shared by the bench scenarios: repeats summarised as median and range, the machine line every
 * scenario prints (cores, PostgreSQL durability settings), and the `BENCH {…}` line.
 */
import { cpus } from 'node:os';
import { Client } from 'pg';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createHttpApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';

export { fmt, percentile, range, summarise } from './_stats';
export type { Summary } from './_stats';

/** Repeats per measurement (at least 3, as the bench rules ask). */
export const REPEATS = Math.max(3, Number(process.env.BENCH_REPEATS ?? 3));

/** The machine and the durability the figures were taken under. */
export async function describeMachine(databaseUrl: string): Promise<Record<string, string | number>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const settings: Record<string, string> = {};
  for (const name of ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'server_version']) {
    settings[name] = ((await client.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[name]!;
  }
  await client.end();
  const machine = { cores: cpus().length, node: process.version, ...settings };
  process.stdout.write(
    `machine: ${machine.cores} cores, Node ${machine.node}; PostgreSQL ${settings.server_version} fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit} full_page_writes=${settings.full_page_writes} wal_level=${settings.wal_level} shared_buffers=${settings.shared_buffers}\n`,
  );
  return machine;
}

/** The machine-readable line of a scenario (issue 18 bench rules). */
export function benchLine(scenario: string, ratio: number, baseline: string, figures: Record<string, unknown>): void {
  process.stdout.write(`BENCH ${JSON.stringify({ scenario, ratio: Number(ratio.toFixed(4)), baseline, ...figures })}\n`);
}

/** A fresh, migrated database for one scenario run, and the machine line taken on it; `drop` removes it. */
export async function benchDatabase(base: string, name: string): Promise<{ databaseUrl: string; machine: Record<string, string | number>; drop: () => Promise<void> }> {
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const databaseUrl = `${base}/${name}`;
  await runMigrations({ databaseUrl });
  const machine = await describeMachine(databaseUrl);
  const drop = async (): Promise<void> => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  };
  return { databaseUrl, machine, drop };
}

/**
 * The API on `databaseUrl` (migrated already), listening on a free port, with the platform admin
 * `admin` and no rate limit on logins, for the HTTP scenarios (search, auction).
 */
export async function startBenchApi(
  databaseUrl: string,
  redisUrl: string,
  redisPrefix: string,
  admin: { email: string; password: string },
) {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    APP_ROLE: 'api',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    RUN_MIGRATIONS: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    PLATFORM_ADMIN_EMAIL: admin.email,
    PLATFORM_ADMIN_PASSWORD: admin.password,
    SMTP_URL: '',
  });
  const app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  // A JSON call as `token` (none: anonymous); a non-2xx answer throws with its body.
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { app, base, db: app.get<DataSource>(getDataSourceToken()), call };
}
