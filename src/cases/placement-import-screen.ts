import { PlacementFieldError } from './domain/placement-row';
import { PlacementImport } from './placement-import.entity';
import { RowError } from './placement-import.presenter';
import type { RowKeys } from './placement-prepare';
import { BatchOutcome } from './placement-writer';

/**
 * Refuses a row that repeats the `external_ref` or VIN of an earlier valid row of the same file:
 * two versions of one loan in one upload is a mistake in the export, and picking one silently
 * would hide it.
 */
export class DuplicateScreen {
  private readonly refs = new Map<string, number>();
  private readonly vins = new Map<string, number>();

  constructor(private readonly fields: { readonly ref: string; readonly vin: string }) {}

  check(row: RowKeys): PlacementFieldError[] {
    const errors: PlacementFieldError[] = [];
    const refRow = this.refs.get(row.external_ref);
    if (refRow !== undefined) errors.push({ field: this.fields.ref, message: `repeats the external_ref of row ${refRow}` });
    const vinRow = row.vehicle ? this.vins.get(row.vehicle.vin) : undefined;
    if (vinRow !== undefined) errors.push({ field: this.fields.vin, message: `repeats the VIN of row ${vinRow}` });
    return errors;
  }

  remember(row: RowKeys, rowNumber: number): void {
    this.refs.set(row.external_ref, rowNumber);
    if (row.vehicle) this.vins.set(row.vehicle.vin, rowNumber);
  }

  /** The row to place, or null with its errors appended to `errors`. */
  screen<R extends RowKeys>(
    result: { readonly ok: true; readonly row: R } | { readonly ok: false; readonly errors: readonly PlacementFieldError[] },
    rowNumber: number,
    ref: string | null,
    errors: RowError[],
  ): R | null {
    const problems = result.ok ? this.check(result.row) : result.errors;
    if (problems.length === 0 && result.ok) {
      this.remember(result.row, rowNumber);
      return result.row;
    }
    for (const e of problems) errors.push({ row: rowNumber, external_ref: ref, field: e.field, message: e.message });
    return null;
  }
}

/** Running counts of an import, as stored on its row. */
export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  vehiclesCreated: number;
  vehiclesUpdated: number;
}

export const emptyTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, rejected: 0, vehiclesCreated: 0, vehiclesUpdated: 0 });

export const tallyOf = (imp: PlacementImport): Tally => ({
  created: imp.createdCount,
  updated: imp.updatedCount,
  unchanged: imp.unchangedCount,
  rejected: imp.rejectedCount,
  vehiclesCreated: imp.vehiclesCreated,
  vehiclesUpdated: imp.vehiclesUpdated,
});

export function addOutcome(tally: Tally, outcome: BatchOutcome): void {
  tally.created += outcome.created;
  tally.updated += outcome.updated;
  tally.unchanged += outcome.unchanged;
  tally.vehiclesCreated += outcome.vehiclesCreated;
  tally.vehiclesUpdated += outcome.vehiclesUpdated;
}

export function countsOf(tally: Tally): Partial<PlacementImport> {
  return {
    createdCount: tally.created,
    updatedCount: tally.updated,
    unchangedCount: tally.unchanged,
    rejectedCount: tally.rejected,
    vehiclesCreated: tally.vehiclesCreated,
    vehiclesUpdated: tally.vehiclesUpdated,
  };
}

/** The `external_ref` of a raw JSON row as given, for error reports even when the row is refused. */
export function refOf(raw: unknown, key: string): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 64) : null;
}
