import type { PlacementFieldError, PlacementRow } from './domain/placement-row';
import type { BatchOutcome } from './placement-writer';

/** What a placement upload tallies and refuses row by row, whatever its format (DESIGN §4). */
export interface RowError {
  readonly row: number;
  readonly external_ref: string | null;
  readonly field: string;
  readonly message: string;
}

/**
 * Refuses a row that repeats the `external_ref` or VIN of an earlier valid row of the same file:
 * two versions of one loan in one upload is a mistake in the export, and picking one silently
 * would hide it.
 */
export class DuplicateScreen {
  private readonly refs = new Map<string, number>();
  private readonly vins = new Map<string, number>();

  constructor(private readonly fields: { readonly ref: string; readonly vin: string }) {}

  check(row: PlacementRow): PlacementFieldError[] {
    const errors: PlacementFieldError[] = [];
    const refRow = this.refs.get(row.external_ref);
    if (refRow !== undefined) errors.push({ field: this.fields.ref, message: `repeats the external_ref of row ${refRow}` });
    const vinRow = row.vehicle ? this.vins.get(row.vehicle.vin) : undefined;
    if (vinRow !== undefined) errors.push({ field: this.fields.vin, message: `repeats the VIN of row ${vinRow}` });
    return errors;
  }

  remember(row: PlacementRow, rowNumber: number): void {
    this.refs.set(row.external_ref, rowNumber);
    if (row.vehicle) this.vins.set(row.vehicle.vin, rowNumber);
  }
}

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  vehiclesCreated: number;
  vehiclesUpdated: number;
}

export const emptyTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, rejected: 0, vehiclesCreated: 0, vehiclesUpdated: 0 });

export function addOutcome(tally: Tally, outcome: BatchOutcome): void {
  tally.created += outcome.created;
  tally.updated += outcome.updated;
  tally.unchanged += outcome.unchanged;
  tally.vehiclesCreated += outcome.vehiclesCreated;
  tally.vehiclesUpdated += outcome.vehiclesUpdated;
}

export function refOf(raw: unknown, key: string): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 64) : null;
}
