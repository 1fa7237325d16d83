/**
 * Container health probe for either role (`node dist/src/health/probe.js`): exits 0 when
 * PostgreSQL and Redis both answer within a few seconds, 1 otherwise, naming what failed.
 */
import IORedis from 'ioredis';
import { Client } from 'pg';
import { loadConfigFromEnvironment } from '../config/environment';

async function probe(): Promise<void> {
  const { config } = loadConfigFromEnvironment();
  const pg = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 });
  const redis = new IORedis(config.redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, protocol: 2 });
  const failures: string[] = [];
  await pg
    .connect()
    .then(() => pg.query('SELECT 1'))
    .catch((err: Error) => failures.push(`database: ${err.message}`))
    .finally(() => pg.end().catch(() => undefined));
  await redis
    .connect()
    .then(() => redis.ping())
    .catch((err: Error) => failures.push(`redis: ${err.message}`))
    .finally(() => redis.disconnect());
  if (failures.length > 0) {
    process.stderr.write(`unhealthy: ${failures.join('; ')}\n`);
    process.exit(1);
  }
}

probe().catch((err: Error) => {
  process.stderr.write(`unhealthy: ${err.message}\n`);
  process.exit(1);
});
