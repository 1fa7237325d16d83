import { Client } from 'pg';

/** Server holding the test databases (set by scripts/test.js; defaults to the local server). */
export const TEST_PG_BASE_URL = process.env.TEST_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * Databases are named after the Jest run that made them (its pid), so that several runs on one
 * server (two developers, or a developer and CI) never drop each other's databases.
 */
export const RUN_ID = process.env.RECLAIM_TEST_RUN_ID ?? String(process.pid);
export const TEMPLATE_DATABASE = `reclaim_test_tpl_${RUN_ID}`;
export const FILE_DATABASE_PREFIX = `reclaim_test_f_${RUN_ID}_`;

/** Pid of the run that made a test database, from its name. */
export function runIdOf(database: string): number | null {
  const match = /^reclaim_test_(?:tpl|f)_(\d+)/.exec(database);
  return match ? Number(match[1]) : null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Destructive setup runs only against databases whose name says they are for tests. */
export function assertTestDatabase(name: string): void {
  if (!/^reclaim_test_[a-z0-9_]+$/.test(name)) throw new Error(`refusing destructive test setup on database "${name}": its name must start with reclaim_test_`);
}

export function databaseUrl(name: string): string {
  return `${TEST_PG_BASE_URL}/${name}`;
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(client: Client, name: string): Promise<void> {
  assertTestDatabase(name);
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
