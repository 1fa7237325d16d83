import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CopyCell, copyRows } from '../common/database/copy-rows';

/** The collateral of one placed case, as a placement row describes it (DESIGN §4). */
export interface CollateralVehicle {
  readonly caseId: string;
  readonly vin: string;
  readonly plate: string | null;
  readonly plateRegion: string | null;
  readonly make: string | null;
  readonly model: string | null;
  readonly year: number | null;
  readonly mileage: number | null;
  readonly colour: string | null;
  /** Minor units of `currency`, with where the figure comes from and when. */
  readonly valuation: { readonly amount: number; readonly currency: string; readonly source: string; readonly date: string } | null;
}

export interface CollateralOutcome {
  readonly created: number;
  readonly updated: number;
}

const STAGE = 'vehicle_placement_stage';

const STAGE_COLUMNS = [
  ['case_id', 'uuid'],
  ['vin', 'text'],
  ['plate', 'text'],
  ['plate_region', 'text'],
  ['make', 'text'],
  ['model', 'text'],
  ['year', 'int'],
  ['mileage', 'int'],
  ['colour', 'text'],
  ['valuation_amount', 'bigint'],
  ['valuation_currency', 'text'],
  ['valuation_source', 'text'],
  ['valuation_date', 'date'],
] as const;
const COLUMNS = STAGE_COLUMNS.map(([c]) => c);
const UPDATED = COLUMNS.filter((c) => c !== 'vin');

// A case has one collateral vehicle: a row naming another VIN than the one linked unlinks the old one first.
const UNLINK_REPLACED = `
  UPDATE vehicles v SET case_id = NULL, updated_at = $2::timestamptz
  FROM ${STAGE} s
  WHERE v.org_id = $1::uuid AND v.case_id = s.case_id AND v.vin <> s.vin`;

// Vehicles whose placed fields are unchanged are left out before the insert, so a re-upload takes
// no row locks (see the case upsert in placement-writer.ts).
const UPSERT = `
  INSERT INTO vehicles (org_id, ${COLUMNS.join(', ')}, status, created_at, updated_at)
  SELECT $1::uuid, ${COLUMNS.map((c) => `s.${c}`).join(', ')}, 'financed', $2::timestamptz, $2::timestamptz
  FROM ${STAGE} s
  WHERE NOT EXISTS (
    SELECT 1 FROM vehicles v WHERE v.org_id = $1::uuid AND v.vin = s.vin
      AND (${UPDATED.map((c) => `v.${c}`).join(', ')}) IS NOT DISTINCT FROM (${UPDATED.map((c) => `s.${c}`).join(', ')}))
  ON CONFLICT (org_id, vin) DO UPDATE SET
    ${UPDATED.map((c) => `${c} = EXCLUDED.${c}`).join(',\n    ')},
    updated_at = EXCLUDED.updated_at
  WHERE (${UPDATED.map((c) => `vehicles.${c}`).join(', ')}) IS DISTINCT FROM (${UPDATED.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING (xmax = 0) AS inserted`;

/**
 * The vehicles module's write path for bulk placement (DESIGN §4, issue 9 §3: vehicles own their
 * rows): the collateral of a batch of cases is copied into a transaction-local staging table and
 * upserted by `(lender, VIN)` in one statement, inside the caller's transaction. A vehicle whose
 * placed fields are unchanged is left untouched.
 */
@Injectable()
export class VehicleBulkWriter {
  async placeCollateral(manager: EntityManager, orgId: string, now: Date, vehicles: readonly CollateralVehicle[]): Promise<CollateralOutcome> {
    if (vehicles.length === 0) return { created: 0, updated: 0 };
    await manager.query(`DROP TABLE IF EXISTS pg_temp.${STAGE}`);
    await manager.query(`CREATE TEMP TABLE ${STAGE} (${STAGE_COLUMNS.map(([c, type]) => `${c} ${type}`).join(', ')}) ON COMMIT DROP`);
    await copyRows(manager, STAGE, COLUMNS, vehicles.map(stageRow));
    await manager.query(UNLINK_REPLACED, [orgId, now]);
    const written: { inserted: boolean }[] = await manager.query(UPSERT, [orgId, now]);
    const created = written.filter((v) => v.inserted).length;
    return { created, updated: written.length - created };
  }
}

function stageRow(v: CollateralVehicle): CopyCell[] {
  return [
    v.caseId,
    v.vin,
    v.plate,
    v.plateRegion,
    v.make,
    v.model,
    v.year,
    v.mileage,
    v.colour,
    v.valuation?.amount ?? null,
    v.valuation?.currency ?? null,
    v.valuation?.source ?? null,
    v.valuation?.date ?? null,
  ];
}
