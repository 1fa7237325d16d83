import { copyTextCell } from '../common/database/copy-rows';
import { PiiCipher } from '../common/pii/pii-cipher';
import { encryptBorrower } from './borrower-pii';
import { placementFingerprint, PlacementFieldError, PlacementRow, PlacementVehicle, validatePlacementCsvRecord } from './domain/placement-row';

/** DESIGN §4 / issue 4: a CSV file runs as a job up to 100,000 rows. */
export const MAX_CSV_ROWS = 100_000;

/** A valid row, encrypted, blind-indexed and fingerprinted, as the line COPY sends for it. */
export interface PreparedCase {
  readonly rowNumber: number;
  readonly externalRef: string;
  readonly vehicle: PlacementVehicle | null;
  /** The row's `cases` columns in COPY text format (`PLACED_CASE_COLUMNS` order, no newline). */
  readonly staged: string;
}

export const CASE_STAGE_COLUMNS = [
  ['external_ref', 'text'],
  ['product', 'text'],
  ['currency', 'text'],
  ['principal', 'bigint'],
  ['interest', 'bigint'],
  ['fees', 'bigint'],
  ['origination_date', 'date'],
  ['first_missed_due_date', 'date'],
  ['last_payment_date', 'date'],
  ['flags', 'text[]'],
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

/** Every column of `cases` a placement writes, in staging order (the bench copies prepared rows with it). */
export const PLACED_CASE_COLUMNS: readonly string[] = CASE_STAGE_COLUMNS.map(([c]) => c);

/** DESIGN §2: the PII of a row is stored only encrypted, searchable by blind index; the fingerprint is keyed like them. */
export function prepareCase(row: PlacementRow, rowNumber: number, cipher: PiiCipher, fingerprintKey: Buffer): PreparedCase {
  const pii = encryptBorrower(cipher, row.borrower);
  const cells = [
    row.external_ref,
    row.product,
    row.currency,
    row.principal,
    row.interest,
    row.fees,
    row.origination_date,
    row.first_missed_due_date,
    row.last_payment_date,
    `{${row.flags.join(',')}}`,
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
    placementFingerprint(row, fingerprintKey),
  ];
  return { rowNumber, externalRef: row.external_ref, vehicle: row.vehicle, staged: cells.map(copyTextCell).join('\t') };
}

/** What the duplicate screen needs of a valid row. */
export interface RowKeys {
  readonly external_ref: string;
  readonly vehicle: { readonly vin: string } | null;
}

/** The verdict on one CSV data row: its errors, or its keys and (past the resume point) its prepared form. */
export type CsvRowVerdict =
  | { readonly rowNumber: number; readonly ref: string | null; readonly ok: false; readonly errors: readonly PlacementFieldError[] }
  | { readonly rowNumber: number; readonly ref: string | null; readonly ok: true; readonly keys: RowKeys; readonly prepared: PreparedCase | null };

/** A slice of a placement file for one worker task: the header, the rows' cells and numbers. */
export interface CsvRowsTask {
  readonly header: readonly string[];
  readonly asOf: string;
  /** Rows up to here were committed by an earlier attempt: judged (for the duplicate screen) but not prepared. */
  readonly resumeAfter: number;
  readonly rows: readonly { readonly rowNumber: number; readonly cells: readonly string[] }[];
}

/**
 * Validates every row of the task and prepares the valid ones: the CPU work of a placement,
 * done in a worker thread (placement-prepare.worker.ts) with no state shared across rows, so the
 * duplicate screen, which needs file order, stays with the caller.
 */
export function judgeCsvRows(task: CsvRowsTask, cipher: PiiCipher, fingerprintKey: Buffer): CsvRowVerdict[] {
  const { header } = task;
  const refColumn = header.indexOf('external_ref');
  return task.rows.map(({ rowNumber, cells }) => {
    const ref = cells.length === header.length && refColumn >= 0 ? cells[refColumn]!.trim().slice(0, 64) || null : null;
    const fail = (message: string): CsvRowVerdict => ({ rowNumber, ref, ok: false, errors: [{ field: 'row', message }] });
    if (rowNumber > MAX_CSV_ROWS) return fail(`is beyond the ${MAX_CSV_ROWS.toLocaleString('en-US')}-row limit of one placement`);
    if (cells.length !== header.length) return fail(`has ${cells.length} cells but the header has ${header.length} columns`);
    const record: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) record[header[c]!] = cells[c]!;
    const result = validatePlacementCsvRecord(record, { asOf: task.asOf });
    if (!result.ok) return { rowNumber, ref, ok: false, errors: result.errors };
    const keys = { external_ref: result.row.external_ref, vehicle: result.row.vehicle ? { vin: result.row.vehicle.vin } : null };
    return { rowNumber, ref, ok: true, keys, prepared: rowNumber > task.resumeAfter ? prepareCase(result.row, rowNumber, cipher, fingerprintKey) : null };
  });
}
