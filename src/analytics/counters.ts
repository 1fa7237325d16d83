import { EntityManager } from 'typeorm';

/**
 * Adds deltas to one row of a counter table, creating it at zero first: the read models' counters
 * only ever move by deltas, so a row is a running total and a report is a sum over a few rows.
 */
export async function addCounters(manager: EntityManager, table: string, keys: Readonly<Record<string, string | number>>, deltas: Readonly<Partial<Record<string, number>>>): Promise<void> {
  const cols = Object.entries(deltas).filter(([, v]) => v !== undefined && v !== 0) as [string, number][];
  if (cols.length === 0) return;
  const keyNames = Object.keys(keys);
  const names = [...keyNames, ...cols.map(([c]) => c)];
  await manager.query(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (${keyNames.join(', ')}) DO UPDATE SET ${cols.map(([c]) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ')}`,
    [...Object.values(keys), ...cols.map(([, v]) => v)],
  );
}

/**
 * The same for many rows at once (a bulk placement's cases), one statement per chunk: `rows` carry
 * their keys and deltas; `types` gives each column's PostgreSQL type for `unnest`.
 */
export async function addCountersMany(
  manager: EntityManager,
  table: string,
  types: Readonly<Record<string, string>>,
  keyNames: readonly string[],
  rows: readonly Readonly<Record<string, string | number>>[],
): Promise<void> {
  const names = Object.keys(types);
  const deltas = names.filter((n) => !keyNames.includes(n));
  // In key order, so two transactions adding to the same rows lock them in the same order (no deadlock).
  const keyOf = (r: Readonly<Record<string, string | number>>) => keyNames.map((k) => String(r[k])).join('|');
  const sorted = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    await manager.query(
      `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${names.map((n, j) => `$${j + 1}::${types[n]}[]`).join(', ')})
       ON CONFLICT (${keyNames.join(', ')}) DO UPDATE SET ${deltas.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ')}`,
      names.map((n) => chunk.map((r) => r[n])),
    );
  }
}

const CHUNK = 5000;
