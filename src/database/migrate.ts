import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** Any constant: the key of the advisory lock that lets one process at a time migrate. */
const MIGRATION_LOCK_KEY = 727_274_001;

/**
 * Applies pending migrations before the app starts. The api and the worker may boot together,
 * so the run is serialised with a PostgreSQL advisory lock.
 */
export async function runMigrations(config: Pick<AppConfig, 'databaseUrl'>): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(config), entities: [] });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await dataSource.destroy();
  }
}
