import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PiiCipher } from '../common/pii/pii-cipher';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { encryptBorrower, EncryptedBorrower } from './borrower-pii';
import { placementFingerprint, PlacementRow } from './domain/placement-row';

/** A valid row, encrypted and fingerprinted, ready to be written. */
export interface PreparedCase {
  readonly rowNumber: number;
  readonly row: PlacementRow;
  readonly pii: EncryptedBorrower;
  readonly fingerprint: string;
}

export interface BatchOutcome {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly vehiclesCreated: number;
  readonly vehiclesUpdated: number;
  /** Cases inserted or changed, with the external ref they were placed under. */
  readonly written: readonly { readonly id: string; readonly externalRef: string; readonly inserted: boolean }[];
}

/** Rows per statement: big enough to amortise the round trip, small enough to keep a transaction short. */
export const PLACEMENT_BATCH_SIZE = 1000;

const CASE_COLUMNS = [
  ['external_ref', 'text'],
  ['product', 'text'],
  ['currency', 'text'],
  ['principal', 'bigint'],
  ['interest', 'bigint'],
  ['fees', 'bigint'],
  ['origination_date', 'date'],
  ['first_missed_due_date', 'date'],
  ['last_payment_date', 'date'],
  ['flags', 'text'],
  ['borrower_name_enc', 'text'],
  ['borrower_phone_enc', 'text'],
  ['borrower_email_enc', 'text'],
  ['borrower_address_enc', 'text'],
  ['borrower_national_id_enc', 'text'],
  ['pii_key_id', 'text'],
  ['borrower_phone_bidx', 'text'],
  ['borrower_email_bidx', 'text'],
  ['borrower_national_id_bidx', 'text'],
  ['borrower_timezone', 'text'],
  ['borrower_region', 'text'],
  ['borrower_language', 'text'],
  ['fingerprint', 'text'],
] as const;

/** Columns a re-upload overwrites; flags are only ever added by an upload (clearing one needs a reason). */
const UPDATED_ON_CONFLICT = CASE_COLUMNS.map(([c]) => c).filter((c) => c !== 'external_ref' && c !== 'flags');

// One statement per batch: arrays bound as 25 parameters and unnested, so PostgreSQL parses and
// plans it once whatever the batch size (a VALUES list would need 23 parameters per row).
const UPSERT_CASES = `
  INSERT INTO cases (org_id, ${CASE_COLUMNS.map(([c]) => c).join(', ')}, status, last_import_id, created_at, updated_at)
  SELECT $1::uuid, ${CASE_COLUMNS.map(([c]) => (c === 'flags' ? `string_to_array(r.flags, ',')` : `r.${c}`)).join(', ')}, 'new', $2::uuid, $3::timestamptz, $3::timestamptz
  FROM unnest(${CASE_COLUMNS.map(([, type], i) => `$${i + 4}::${type}[]`).join(', ')}) AS r(${CASE_COLUMNS.map(([c]) => c).join(', ')})
  ON CONFLICT (org_id, external_ref) DO UPDATE SET
    ${UPDATED_ON_CONFLICT.map((c) => `${c} = EXCLUDED.${c}`).join(',\n    ')},
    flags = ARRAY(SELECT DISTINCT f FROM unnest(cases.flags || EXCLUDED.flags) AS f ORDER BY f),
    last_import_id = EXCLUDED.last_import_id,
    updated_at = EXCLUDED.updated_at
  WHERE cases.fingerprint IS DISTINCT FROM EXCLUDED.fingerprint
  RETURNING id, external_ref, (xmax = 0) AS inserted`;

const VEHICLE_COLUMNS = [
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
const VEHICLE_UPDATED = VEHICLE_COLUMNS.map(([c]) => c).filter((c) => c !== 'vin');

// A case has one collateral vehicle: a row naming another VIN than the one linked unlinks the old one first.
const UNLINK_REPLACED_VEHICLES = `
  UPDATE vehicles v SET case_id = NULL, updated_at = $2::timestamptz
  FROM unnest($3::uuid[], $4::text[]) AS r(case_id, vin)
  WHERE v.org_id = $1::uuid AND v.case_id = r.case_id AND v.vin <> r.vin`;

const UPSERT_VEHICLES = `
  INSERT INTO vehicles (org_id, ${VEHICLE_COLUMNS.map(([c]) => c).join(', ')}, status, created_at, updated_at)
  SELECT $1::uuid, ${VEHICLE_COLUMNS.map(([c]) => `r.${c}`).join(', ')}, 'financed', $2::timestamptz, $2::timestamptz
  FROM unnest(${VEHICLE_COLUMNS.map(([, type], i) => `$${i + 3}::${type}[]`).join(', ')}) AS r(${VEHICLE_COLUMNS.map(([c]) => c).join(', ')})
  ON CONFLICT (org_id, vin) DO UPDATE SET
    ${VEHICLE_UPDATED.map((c) => `${c} = EXCLUDED.${c}`).join(',\n    ')},
    updated_at = EXCLUDED.updated_at
  WHERE (${VEHICLE_UPDATED.map((c) => `vehicles.${c}`).join(', ')}) IS DISTINCT FROM (${VEHICLE_UPDATED.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING (xmax = 0) AS inserted`;

/**
 * Writes placement rows in batches: one upsert of cases by `(lender, external_ref)` and one of
 * their vehicles by `(lender, VIN)`, never a query per row. A row whose fingerprint matches the
 * stored one is left untouched and counted `unchanged`; `xmax = 0` tells an insert from an update.
 */
@Injectable()
export class PlacementWriter {
  private readonly fingerprintKey: Buffer;

  constructor(
    private readonly cipher: PiiCipher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The fingerprint is keyed like the blind indexes: it covers PII (placement-row.ts).
    this.fingerprintKey = config.pii.blindIndexKey;
  }

  prepare(row: PlacementRow, rowNumber: number): PreparedCase {
    return { rowNumber, row, pii: encryptBorrower(this.cipher, row.borrower), fingerprint: this.fingerprint(row) };
  }

  fingerprint(row: PlacementRow): string {
    return placementFingerprint(row, this.fingerprintKey);
  }

  async write(manager: EntityManager, orgId: string, importId: string | null, now: Date, batch: readonly PreparedCase[]): Promise<BatchOutcome> {
    if (batch.length === 0) return { created: 0, updated: 0, unchanged: 0, vehiclesCreated: 0, vehiclesUpdated: 0, written: [] };
    const columns: unknown[][] = CASE_COLUMNS.map(() => Array.from<unknown>({ length: batch.length }));
    batch.forEach(({ row, pii, fingerprint }, i) => {
      const values = [
        row.external_ref,
        row.product,
        row.currency,
        String(row.principal),
        String(row.interest),
        String(row.fees),
        row.origination_date,
        row.first_missed_due_date,
        row.last_payment_date,
        row.flags.join(','),
        pii.borrowerNameEnc,
        pii.borrowerPhoneEnc,
        pii.borrowerEmailEnc,
        pii.borrowerAddressEnc,
        pii.borrowerNationalIdEnc,
        pii.piiKeyId,
        pii.borrowerPhoneBidx,
        pii.borrowerEmailBidx,
        pii.borrowerNationalIdBidx,
        pii.borrowerTimezone,
        pii.borrowerRegion,
        pii.borrowerLanguage,
        fingerprint,
      ];
      values.forEach((value, c) => (columns[c][i] = value));
    });
    const returned: { id: string; external_ref: string; inserted: boolean }[] = await manager.query(UPSERT_CASES, [orgId, importId, now, ...columns]);
    const written = returned.map((r) => ({ id: r.id, externalRef: r.external_ref, inserted: r.inserted }));
    const created = written.filter((w) => w.inserted).length;

    const idByRef = new Map(written.map((w) => [w.externalRef, w.id]));
    const withVehicle = batch.filter((p) => p.row.vehicle !== null && idByRef.has(p.row.external_ref));
    let vehiclesCreated = 0;
    let vehiclesUpdated = 0;
    if (withVehicle.length > 0) {
      const caseIds = withVehicle.map((p) => idByRef.get(p.row.external_ref)!);
      const vins = withVehicle.map((p) => p.row.vehicle!.vin);
      await manager.query(UNLINK_REPLACED_VEHICLES, [orgId, now, caseIds, vins]);
      const vcols: unknown[][] = VEHICLE_COLUMNS.map(() => Array.from<unknown>({ length: withVehicle.length }));
      withVehicle.forEach((p, i) => {
        const v = p.row.vehicle!;
        const values = [
          caseIds[i],
          v.vin,
          v.plate,
          v.plate_region,
          v.make,
          v.model,
          v.year,
          v.mileage,
          v.colour,
          v.valuation ? String(v.valuation.amount) : null,
          v.valuation?.currency ?? null,
          v.valuation?.source ?? null,
          v.valuation?.date ?? null,
        ];
        values.forEach((value, c) => (vcols[c][i] = value));
      });
      const vehicles: { inserted: boolean }[] = await manager.query(UPSERT_VEHICLES, [orgId, now, ...vcols]);
      vehiclesCreated = vehicles.filter((v) => v.inserted).length;
      vehiclesUpdated = vehicles.length - vehiclesCreated;
    }
    return { created, updated: written.length - created, unchanged: batch.length - written.length, vehiclesCreated, vehiclesUpdated, written };
  }
}
