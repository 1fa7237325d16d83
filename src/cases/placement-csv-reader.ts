import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { createReadStream } from 'node:fs';
import { Transform, TransformCallback } from 'node:stream';
import { placementCsvHeaderErrors } from './domain/placement-row';

/** DESIGN §4 / issue 4: a CSV file runs as a job up to 50 MB. */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

/**
 * Counts lines and keeps the header line of an upload as it streams to disk, so a wrong file is
 * refused at once (header, row limit) without reading it twice.
 */
export class UploadProbe extends Transform {
  lines = 0;
  bytes = 0;
  lastByte = -1;
  private head: Buffer[] = [];
  private headBytes = 0;
  headerLine: string | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1];
    if (this.headerLine === null && this.headBytes < 65_536) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      const joined = Buffer.concat(this.head);
      const end = joined.indexOf(10);
      if (end !== -1) this.headerLine = joined.subarray(0, end).toString('utf8');
    }
    done(null, chunk);
  }

  /** Data rows, assuming no cell holds a line break (the job counts exactly). */
  estimatedRows(): number {
    if (this.bytes === 0) return 0;
    const lines = this.lines + (this.lastByte === 10 ? 0 : 1);
    return Math.max(0, lines - 1);
  }
}

/** The cells of a header line, or null when it is not CSV. */
export function parseHeaderLine(line: string): string[] | null {
  try {
    const [cells] = parseSync(line.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    return cells ? cells.map((c) => c.trim()) : null;
  } catch {
    return null;
  }
}

/** One data row of a placement file: its number (1 = first after the header) and its cells, with the file's header. */
export interface CsvPlacementCells {
  readonly header: readonly string[];
  readonly rowNumber: number;
  readonly cells: string[];
}

/** A file that cannot be read on: a wrong header or broken CSV. The rows before it stand. */
export class PlacementFileProblem extends Error {}

/**
 * Streams a stored placement file row by row (csv-parse), so memory stays flat whatever the file
 * size; the rows are judged elsewhere (placement-prepare.ts, in worker threads). Throws
 * `PlacementFileProblem` for a wrong header or broken CSV after yielding the rows before it.
 */
export async function* readPlacementCsv(path: string): AsyncGenerator<CsvPlacementCells> {
  const parser = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 1_000_000 }));
  let header: string[] | null = null;
  let rowNumber = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = cells.map((c) => c.trim());
        const headerErrors = placementCsvHeaderErrors(header);
        if (headerErrors.length > 0) throw new PlacementFileProblem(`the header is not a placement header: ${headerErrors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
        continue;
      }
      rowNumber++;
      yield { header, rowNumber, cells };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new PlacementFileProblem(`the file is not valid CSV after row ${rowNumber}: ${err.message}`);
    throw err;
  } finally {
    parser.destroy();
  }
}
