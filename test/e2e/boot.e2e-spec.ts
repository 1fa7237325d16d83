import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { databaseUrl, dropDatabase, FILE_DATABASE_PREFIX, TEST_REDIS_URL, withAdminClient } from '../support/databases';

const main = path.resolve(__dirname, '../../dist/src/main.js');

/** Boots the compiled service as `npm start` and the Dockerfile do (npm test builds first). */
describe('boot', () => {
  it('refuses to start with invalid configuration, naming every bad variable in one message', () => {
    expect(existsSync(main)).toBe(true);
    const run = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', APP_ROLE: 'scheduler', DATABASE_URL: 'mysql://x', PII_KEYS: 'k1:short' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const fragment of ['APP_ROLE must be one of api, worker, all', 'DATABASE_URL must be a postgres:// URL', 'REDIS_URL is required', 'JWT_SECRET is required', 'PII_KEYS entry "k1"', 'PII_BLIND_INDEX_KEY is required']) {
      expect(run.stderr).toContain(fragment);
    }
  });
});

describe('boot: what stops a start says so in one sentence, before anything runs', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH, NODE_ENV: 'test', REDIS_URL: TEST_REDIS_URL, RUN_MIGRATIONS: 'true', LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 20_000 });

  it('names PORT when the port is taken, before migrations run', async () => {
    const database = `${FILE_DATABASE_PREFIX}boot_port`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${database}"`));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const result = run({ DATABASE_URL: databaseUrl(database), PORT: String(port), HOST: '127.0.0.1' });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`Reclaim cannot start: Port ${port} on 127.0.0.1 is already in use: stop what listens there or set PORT to a free port (e.g. PORT=${port + 1}).\n`);
      const client = new Client({ connectionString: databaseUrl(database) });
      await client.connect();
      const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`).finally(() => client.end());
      expect(tables.rows).toEqual([]);
    } finally {
      taken.close();
      await withAdminClient((client) => dropDatabase(client, database));
    }
  });

  it('says in one sentence that the database named by DATABASE_URL does not exist', () => {
    const result = run({ DATABASE_URL: databaseUrl(`${FILE_DATABASE_PREFIX}boot_missing`), APP_ROLE: 'worker' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Reclaim cannot start: The database named by DATABASE_URL does not exist (database "reclaim_test_f_');
    expect(result.stderr).toContain('create it (e.g. with createdb) or point DATABASE_URL at one that does.');
  });
});
