import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PiiCipher } from '../common/pii/pii-cipher';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { copyLines } from '../common/database/copy-rows';
import { CollateralVehicle, VehicleBulkWriter } from '../vehicles/vehicle-bulk-writer.service';
import { placementFingerprint, PlacementRow, PlacementVehicle } from './domain/placement-row';
import { CASE_STAGE_COLUMNS, PLACED_CASE_COLUMNS, prepareCase, PreparedCase } from './placement-prepare';

export interface BatchOutcome {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly vehiclesCreated: number;
  readonly vehiclesUpdated: number;
  /** Cases inserted or changed, with the external ref they were placed under. */
  readonly written: readonly { readonly id: string; readonly externalRef: string; readonly inserted: boolean }[];
}

/**
 * Rows per batch: each batch is one transaction (COPY into staging, one upsert), committed with the
 * import's progress so a retried job resumes after it. Big enough that the fixed cost of a
 * transaction is small against the rows; small enough to keep a transaction short.
 */
export const PLACEMENT_BATCH_SIZE = 5000;

const STAGE = 'case_placement_stage';

/** Columns a re-upload overwrites; flags are only ever added by an upload (clearing one needs a reason). */
const UPDATED_ON_CONFLICT = PLACED_CASE_COLUMNS.filter((c) => c !== 'external_ref' && c !== 'flags');

// One set-based statement per batch from the COPY-filled staging table (issue 18). Unchanged rows
// are left out by the anti-join before the insert: ON CONFLICT DO UPDATE … WHERE would skip them
// too, but only after locking each row, which writes to its page (and the WAL) on a re-upload.
const UPSERT_CASES = `
  INSERT INTO cases (org_id, ${PLACED_CASE_COLUMNS.join(', ')}, status, last_import_id, created_at, updated_at)
  SELECT $1::uuid, ${PLACED_CASE_COLUMNS.map((c) => `s.${c}`).join(', ')}, 'new', $2::uuid, $3::timestamptz, $3::timestamptz
  FROM ${STAGE} s
  WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.org_id = $1::uuid AND c.external_ref = s.external_ref AND c.fingerprint = s.fingerprint)
  ON CONFLICT (org_id, external_ref) DO UPDATE SET
    ${UPDATED_ON_CONFLICT.map((c) => `${c} = EXCLUDED.${c}`).join(',\n    ')},
    flags = ARRAY(SELECT DISTINCT f FROM unnest(cases.flags || EXCLUDED.flags) AS f ORDER BY f),
    last_import_id = EXCLUDED.last_import_id,
    updated_at = EXCLUDED.updated_at
  WHERE cases.fingerprint IS DISTINCT FROM EXCLUDED.fingerprint
  RETURNING id, external_ref, (xmax = 0) AS inserted`;

/**
 * Writes placement rows in batches: COPY into a staging table, one upsert of cases by
 * `(lender, external_ref)`, then their vehicles by `(lender, VIN)` through the vehicles module,
 * never a query per row. A row whose fingerprint matches the
 * stored one is left untouched and counted `unchanged`; `xmax = 0` tells an insert from an update.
 */
@Injectable()
export class PlacementWriter {
  private readonly fingerprintKey: Buffer;

  constructor(
    private readonly cipher: PiiCipher,
    private readonly vehicles: VehicleBulkWriter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The fingerprint is keyed like the blind indexes: it covers PII (placement-row.ts).
    this.fingerprintKey = config.pii.blindIndexKey;
  }

  prepare(row: PlacementRow, rowNumber: number): PreparedCase {
    return prepareCase(row, rowNumber, this.cipher, this.fingerprintKey);
  }

  fingerprint(row: PlacementRow): string {
    return placementFingerprint(row, this.fingerprintKey);
  }

  async write(manager: EntityManager, orgId: string, importId: string | null, now: Date, batch: readonly PreparedCase[]): Promise<BatchOutcome> {
    if (batch.length === 0) return { created: 0, updated: 0, unchanged: 0, vehiclesCreated: 0, vehiclesUpdated: 0, written: [] };
    await manager.query(`DROP TABLE IF EXISTS pg_temp.${STAGE}`);
    await manager.query(`CREATE TEMP TABLE ${STAGE} (${CASE_STAGE_COLUMNS.map(([c, type]) => `${c} ${type}`).join(', ')}) ON COMMIT DROP`);
    await copyLines(manager, STAGE, PLACED_CASE_COLUMNS, batch.map((p) => p.staged));
    const returned: { id: string; external_ref: string; inserted: boolean }[] = await manager.query(UPSERT_CASES, [orgId, importId, now]);
    const written = returned.map((r) => ({ id: r.id, externalRef: r.external_ref, inserted: r.inserted }));
    const created = written.filter((w) => w.inserted).length;

    const idByRef = new Map(written.map((w) => [w.externalRef, w.id]));
    const collateral: CollateralVehicle[] = [];
    for (const { externalRef, vehicle } of batch) {
      const caseId = idByRef.get(externalRef);
      if (vehicle && caseId) collateral.push(collateralOf(caseId, vehicle));
    }
    const vehicles = await this.vehicles.placeCollateral(manager, orgId, now, collateral);
    return {
      created,
      updated: written.length - created,
      unchanged: batch.length - written.length,
      vehiclesCreated: vehicles.created,
      vehiclesUpdated: vehicles.updated,
      written,
    };
  }
}

function collateralOf(caseId: string, v: PlacementVehicle): CollateralVehicle {
  return {
    caseId,
    vin: v.vin,
    plate: v.plate,
    plateRegion: v.plate_region,
    make: v.make,
    model: v.model,
    year: v.year,
    mileage: v.mileage,
    colour: v.colour,
    valuation: v.valuation,
  };
}
