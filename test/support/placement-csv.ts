import { stringify } from 'csv-stringify/sync';
import { PLACEMENT_CSV_COLUMNS } from '../../src/cases/domain/placement-row';

/** A placement CSV file: the documented header, then one record per row (missing columns empty). */
export function placementCsv(rows: readonly Record<string, string>[]): Buffer {
  const names = PLACEMENT_CSV_COLUMNS.map((c) => c.name);
  return Buffer.from(stringify([names, ...rows.map((row) => names.map((name) => row[name] ?? ''))]));
}
