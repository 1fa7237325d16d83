import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { checkResponsesAgainstContract } from './contract';
import { databaseUrl, dropDatabase, FILE_DATABASE_PREFIX, TEMPLATE_DATABASE, TEST_REDIS_URL, withAdminClient } from './databases';
import { ManualClock } from './manual-clock';
import { StripeServer } from './stripe-server/stripe-server';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly http: ReturnType<typeof supertest>;
  readonly config: AppConfig;
  readonly db: DataSource;
  readonly clock: ManualClock;
  readonly redisPrefix: string;
  readonly databaseName: string;
  /** The test Stripe server this app talks to; its webhook events are delivered to this app. */
  readonly stripe: StripeServer;
  /** Stops the app; the database and Redis keys are dropped unless another app still uses them. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

let counter = 0;

/** A fresh database cloned from the migrated template, for this test file only. */
export async function createTestDatabase(): Promise<string> {
  const name = `${FILE_DATABASE_PREFIX}${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`));
  return name;
}

export function testEnv(database: string, redisPrefix: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    APP_ROLE: 'all',
    DATABASE_URL: databaseUrl(database),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    RUN_MIGRATIONS: 'false',
    SEED_DEMO_DATA: 'false',
    OUTBOX_POLL_INTERVAL_MS: '50',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    LOGIN_FAILURES_PER_ACCOUNT: '1000',
    // Test receivers listen on 127.0.0.1; the SSRF tests switch this off to see the refusals
    // (and production refuses it).
    WEBHOOK_ALLOW_PRIVATE_TARGETS: overrides.NODE_ENV === 'production' ? 'false' : 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}

/** Boots the real AppModule (api and worker roles) on real PostgreSQL and Redis. */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  return createTestAppOn(await createTestDatabase(), overrides);
}

/** A second process on the same database (e.g. a worker next to an api). */
export async function createTestAppOn(database: string, overrides: Record<string, string> = {}): Promise<TestApp> {
  const redisPrefix = `test:${database}`;
  const stripe = await StripeServer.start();
  // Production refuses the Stripe API override, so a production-mode app runs without Stripe.
  const stripeEnv = overrides.NODE_ENV === 'production' ? {} : stripe.env();
  const config = loadConfig(testEnv(database, redisPrefix, { ...stripeEnv, ...overrides }));
  const clock = new ManualClock();
  const app = await createHttpApp(config, { clock });
  const loadContract = checkResponsesAgainstContract(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await loadContract();
  const http = supertest(app.getHttpServer());
  stripe.sendWebhooksWith(async (payload, headers) => {
    const res = await http.post('/v1/payments/stripe/webhook').set(headers).send(payload);
    return { status: res.status, body: res.body };
  });
  return {
    app,
    http,
    config,
    db: app.get<DataSource>(getDataSourceToken()),
    clock,
    redisPrefix,
    databaseName: database,
    stripe,
    close: async (options = {}) => {
      await app.close();
      await stripe.close();
      if (options.keepDatabase) return;
      await withAdminClient((client) => dropDatabase(client, database));
      await deleteRedisKeys(redisPrefix);
    },
  };
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new IORedis(TEST_REDIS_URL, { protocol: 2 } as never);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
