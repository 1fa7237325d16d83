import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EntityManager } from 'typeorm';

/** A cell of a COPY row: `null` is SQL NULL; everything else is sent as its text form. */
export type CopyCell = string | number | bigint | boolean | null;

/** Lines per chunk written to the COPY stream: few enough writes, small enough buffers. */
const LINES_PER_CHUNK = 500;

/** PostgreSQL COPY text format: backslash, tab, newline and carriage return are escaped; `\N` is NULL. */
export function copyTextCell(value: CopyCell): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

function* copyChunks(rows: Iterable<readonly CopyCell[]>): Generator<string> {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(`${row.map(copyTextCell).join('\t')}\n`);
    if (lines.length >= LINES_PER_CHUNK) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('');
}

/**
 * Streams rows into `table (columns)` with `COPY … FROM STDIN` on the connection of the caller's
 * transaction: PostgreSQL's bulk path, one statement whatever the row count, no per-row parsing
 * of parameters (issue 18). The caller owns the transaction; a failure aborts it.
 */
export async function copyRows(manager: EntityManager, table: string, columns: readonly string[], rows: Iterable<readonly CopyCell[]>): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('copyRows runs inside the caller’s transaction');
  const client: PoolClient = await runner.connect();
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(rows)), sink);
}
