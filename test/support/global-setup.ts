import { runMigrations } from '../../src/database/migrate';
import { assertTestDatabase, databaseUrl, dropDatabase, FILE_DATABASE_PREFIX, TEMPLATE_DATABASE, withAdminClient } from './databases';

/**
 * Builds the migrated template database once per run; every e2e test file then gets its own
 * database cloned from it (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  assertTestDatabase(TEMPLATE_DATABASE);
  await withAdminClient(async (client) => {
    const leftovers = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${FILE_DATABASE_PREFIX}%`]);
    for (const { datname } of leftovers.rows) await dropDatabase(client, datname);
    await dropDatabase(client, TEMPLATE_DATABASE);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  });
  await runMigrations({ databaseUrl: databaseUrl(TEMPLATE_DATABASE) });
}
