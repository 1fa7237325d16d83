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

function* copyChunks(lines: Iterable<string>): Generator<string> {
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(`${line}\n`);
    if (chunk.length >= LINES_PER_CHUNK) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('');
}

function* textLines(rows: Iterable<readonly CopyCell[]>): Generator<string> {
  for (const row of rows) yield row.map(copyTextCell).join('\t');
}

/**
 * Streams rows into `table (columns)` with `COPY … FROM STDIN` on the connection of the caller's
 * transaction: PostgreSQL's bulk path, one statement whatever the row count, no per-row parsing
 * of parameters (issue 18). The caller owns the transaction; a failure aborts it.
 */
export function copyRows(manager: EntityManager, table: string, columns: readonly string[], rows: Iterable<readonly CopyCell[]>): Promise<void> {
  return copyLines(manager, table, columns, textLines(rows));
}

/** `copyRows` for lines already in COPY text format (cells escaped with `copyTextCell`, tab-separated, no newline). */
export async function copyLines(manager: EntityManager, table: string, columns: readonly string[], lines: Iterable<string>): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('copyRows runs inside the caller’s transaction');
  const client: PoolClient = await runner.connect();
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(lines)), sink);
}
