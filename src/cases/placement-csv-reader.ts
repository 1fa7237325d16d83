import { parse as parseSync } from 'csv-parse/sync';
import { Transform, TransformCallback } from 'node:stream';

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

/** The cells of a CSV header line (a byte-order mark dropped), or null when it does not parse. */
export function parseHeader(line: string): string[] | null {
  try {
    const [cells] = parseSync(line.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    return cells ? cells.map((c) => c.trim()) : null;
  } catch {
    return null;
  }
}
