import { runMigrations } from '../../src/database/migrate';
import { assertTestDatabase, databaseUrl, dropDatabase, isAlive, RUN_ID, runIdOf, TEMPLATE_DATABASE, withAdminClient } from './databases';

/**
 * Builds the migrated template database once per run; every e2e test file then gets its own
 * database cloned from it (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 * Databases left by runs that are no longer alive are dropped first. Jest calls this once per
 * project (e2e, security) in the same process; the template is built by the first call only.
 */
export default async function globalSetup(): Promise<void> {
  process.env.RECLAIM_TEST_RUN_ID = RUN_ID;
  if (process.env.RECLAIM_TEST_TEMPLATE_READY === TEMPLATE_DATABASE) return;
  assertTestDatabase(TEMPLATE_DATABASE);
  await withAdminClient(async (client) => {
    const existing = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'reclaim\\_test\\_%'`);
    for (const { datname } of existing.rows) {
      const owner = runIdOf(datname);
      if (owner !== null && owner !== process.pid && isAlive(owner)) continue;
      await dropDatabase(client, datname);
    }
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  });
  await runMigrations({ databaseUrl: databaseUrl(TEMPLATE_DATABASE) });
  process.env.RECLAIM_TEST_TEMPLATE_READY = TEMPLATE_DATABASE;
}
