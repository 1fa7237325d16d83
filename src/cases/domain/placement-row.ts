import { createHmac, type BinaryLike, type KeyObject } from 'node:crypto';
import { validateVin } from '../../vehicles/domain/vin';
import { toEpochDay } from '../../common/calendar/calendar-date';
import { CASE_FLAGS, CaseFlag, isCaseFlag } from './case-status';
import { SUBDIVISION_CODE } from '../../common/validation/region';

/**
 * One row of a bulk placement (DESIGN §4), from a JSON array or a CSV file: validated on its own so
 * a bad row never loses the good ones, and normalized so that re-uploading the same data gives the
 * same row (and the same fingerprint) whatever its spelling — `usd`, ` 2024-01-05`, `"125000"`.
 *
 * The normalized row keeps the API's snake_case names, so an error's `field` is the JSON path the
 * lender sent (`borrower.phone`), and a CSV error names the column (`borrower_phone`).
 */
export const PRODUCTS = ['auto_loan', 'auto_lease', 'personal_loan', 'credit_card'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface PlacementFieldError {
  readonly field: string;
  readonly message: string;
}

export interface PlacementAddress {
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string | null;
  readonly postal_code: string | null;
}

export interface PlacementBorrower {
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: PlacementAddress | null;
  readonly national_id: string | null;
  readonly timezone: string;
  readonly region: string;
  readonly preferred_language: string | null;
}

/** A valuation is in the case's currency, in minor units. */
export interface PlacementValuation {
  readonly amount: number;
  readonly currency: string;
  readonly source: string;
  readonly date: string;
}

export interface PlacementVehicle {
  readonly vin: string;
  readonly plate: string | null;
  readonly plate_region: string | null;
  readonly make: string | null;
  readonly model: string | null;
  readonly year: number | null;
  readonly mileage: number | null;
  readonly colour: string | null;
  readonly valuation: PlacementValuation | null;
}

/** Balances are integer minor units of `currency` (DESIGN §2); flags are deduplicated and in `CASE_FLAGS` order. */
export interface PlacementRow {
  readonly external_ref: string;
  readonly product: Product;
  readonly currency: string;
  readonly principal: number;
  readonly interest: number;
  readonly fees: number;
  readonly origination_date: string;
  readonly first_missed_due_date: string;
  readonly last_payment_date: string | null;
  readonly borrower: PlacementBorrower;
  readonly flags: readonly CaseFlag[];
  readonly vehicle: PlacementVehicle | null;
}

export type PlacementRowResult =
  | { readonly ok: true; readonly row: PlacementRow }
  | { readonly ok: false; readonly errors: readonly PlacementFieldError[] };

export interface PlacementRowOptions {
  /** Today in UTC (YYYY-MM-DD): dates that have already happened may not be later than this. */
  readonly asOf: string;
}

const TOP_FIELDS = [
  'external_ref', 'product', 'currency', 'principal', 'interest', 'fees',
  'origination_date', 'first_missed_due_date', 'last_payment_date', 'borrower', 'flags', 'vehicle',
];
const BORROWER_FIELDS = ['name', 'phone', 'email', 'address', 'national_id', 'timezone', 'region', 'preferred_language'];
const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postal_code'];
const VEHICLE_FIELDS = [
  'vin', 'plate', 'plate_region', 'make', 'model', 'year', 'mileage', 'colour',
  'valuation_amount', 'valuation_source', 'valuation_date',
];

/** Validates one raw row (JSON object, or a CSV record after `csvRecordToPlacementRow`). */
export function validatePlacementRow(raw: unknown, options: PlacementRowOptions): PlacementRowResult {
  const asOfDay = toEpochDay(options.asOf);
  if (asOfDay === null) throw new RangeError(`asOf "${options.asOf}" is not a calendar date (YYYY-MM-DD)`);
  const errors: PlacementFieldError[] = [];
  if (!isObject(raw)) return { ok: false, errors: [{ field: 'row', message: 'must be an object' }] };
  const r = new ObjectReader(errors, raw, '', TOP_FIELDS);

  const externalRef = r.required('external_ref', text(64));
  const product = r.required('product', oneOf(PRODUCTS));
  const currency = r.required('currency', currencyCode);
  const errorsBeforeBalances = errors.length;
  const principal = r.required('principal', minorUnits);
  const interest = r.optional('interest', minorUnits) ?? 0;
  const fees = r.optional('fees', minorUnits) ?? 0;
  if (principal !== null && errors.length === errorsBeforeBalances) {
    const total = principal + interest + fees;
    if (!Number.isSafeInteger(total)) r.fail('principal', 'the total due (principal + interest + fees) is too large');
    else if (total === 0) r.fail('principal', 'the total due (principal + interest + fees) must be more than zero');
  }

  const origination = r.required('origination_date', calendarDate(asOfDay));
  // A first missed due date may lie ahead: a lender may place an account before it falls due (DPD 0).
  const firstMissed = r.required('first_missed_due_date', calendarDate());
  const lastPayment = r.optional('last_payment_date', calendarDate(asOfDay));
  if (origination !== null && firstMissed !== null && firstMissed < origination) {
    r.fail('first_missed_due_date', 'must not be before origination_date');
  }
  if (origination !== null && lastPayment !== null && lastPayment < origination) {
    r.fail('last_payment_date', 'must not be before origination_date');
  }

  const borrower = readBorrower(errors, r.has('borrower') ? raw.borrower : {});
  const flags = r.optional('flags', flagList) ?? [];
  const vehicleContext = { asOfDay, asOfYear: Number(options.asOf.slice(0, 4)), currency, borrowerRegion: borrower?.region ?? null };
  const vehicle = r.has('vehicle') ? readVehicle(errors, raw.vehicle, vehicleContext) : null;

  // Every null below has recorded an error; the checks narrow the types.
  if (
    errors.length > 0 ||
    externalRef === null ||
    product === null ||
    currency === null ||
    principal === null ||
    origination === null ||
    firstMissed === null ||
    borrower === null
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    row: {
      external_ref: externalRef,
      product,
      currency,
      principal,
      interest,
      fees,
      origination_date: origination,
      first_missed_due_date: firstMissed,
      last_payment_date: lastPayment,
      borrower,
      flags,
      vehicle,
    },
  };
}

function readBorrower(errors: PlacementFieldError[], raw: unknown): PlacementBorrower | null {
  if (!isObject(raw)) return objectExpected(errors, 'borrower');
  const r = new ObjectReader(errors, raw, 'borrower', BORROWER_FIELDS);
  const name = r.required('name', text(200));
  const phone = r.optional('phone', e164Phone);
  const email = r.optional('email', emailAddress);
  const address = r.has('address') ? readAddress(errors, raw.address) : null;
  const nationalId = r.optional('national_id', text(64));
  const timezone = r.required('timezone', ianaTimeZone);
  const region = r.required('region', regionCode);
  const language = r.optional('preferred_language', languageTag);
  if (name === null || timezone === null || region === null) return null;
  return { name, phone, email, address, national_id: nationalId, timezone, region, preferred_language: language };
}

function readAddress(errors: PlacementFieldError[], raw: unknown): PlacementAddress | null {
  if (!isObject(raw)) return objectExpected(errors, 'borrower.address');
  const r = new ObjectReader(errors, raw, 'borrower.address', ADDRESS_FIELDS);
  const line1 = r.required('line1', text(200));
  const line2 = r.optional('line2', text(200));
  const city = r.optional('city', text(100));
  const postalCode = r.optional('postal_code', text(20));
  if (line1 === null) return null;
  return { line1, line2, city, postal_code: postalCode };
}

interface VehicleContext {
  readonly asOfDay: number;
  readonly asOfYear: number;
  readonly currency: string | null;
  readonly borrowerRegion: string | null;
}

function readVehicle(errors: PlacementFieldError[], raw: unknown, context: VehicleContext): PlacementVehicle | null {
  if (!isObject(raw)) return objectExpected(errors, 'vehicle');
  const r = new ObjectReader(errors, raw, 'vehicle', VEHICLE_FIELDS);
  const plate = r.optional('plate', text(16, (value) => value.toUpperCase()));
  const plateRegion = plate === null ? r.optional('plate_region', regionCode) : r.required('plate_region', regionCode, 'is required with a plate');
  // The check digit depends on where the vehicle is (vin.ts): its plate's region, else the borrower's.
  const vin = r.required('vin', vinOf(plateRegion ?? context.borrowerRegion));
  const make = r.optional('make', text(64));
  const model = r.optional('model', text(64));
  // Model years run ahead of the calendar: next year's models go on sale during this one.
  const year = r.optional('year', wholeNumberBetween(1900, context.asOfYear + 1));
  const mileage = r.optional('mileage', wholeNumber('a whole number'));
  const colour = r.optional('colour', text(32));
  const valuation = readValuation(r, context);
  if (vin === null) return null;
  return { vin, plate, plate_region: plateRegion, make, model, year, mileage, colour, valuation };
}

/** A valuation is only useful with its source and date (DESIGN §4), so the three come together or not at all. */
function readValuation(r: ObjectReader, context: VehicleContext): PlacementValuation | null {
  if (!r.has('valuation_amount') && !r.has('valuation_source') && !r.has('valuation_date')) return null;
  const message = 'is required with a valuation';
  const amount = r.required('valuation_amount', minorUnits, message);
  const source = r.required('valuation_source', text(64), message);
  const date = r.required('valuation_date', calendarDate(context.asOfDay), message);
  if (amount === null || source === null || date === null || context.currency === null) return null;
  return { amount, currency: context.currency, source, date };
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
type Parser<T> = (value: unknown) => Parsed<T>;

const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Reads the fields of one object, recording each refusal under its JSON path; blank and null mean absent. */
class ObjectReader {
  constructor(
    private readonly errors: PlacementFieldError[],
    private readonly source: Readonly<Record<string, unknown>>,
    private readonly prefix: string,
    fields: readonly string[],
  ) {
    // A misspelt column ("principle") silently dropped would place a case without its data.
    for (const key of Object.keys(source)) if (!fields.includes(key)) this.fail(key, 'is not a placement field');
  }

  has(key: string): boolean {
    const value = this.source[key];
    return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
  }

  optional<T>(key: string, parse: Parser<T>): T | null {
    if (!this.has(key)) return null;
    const parsed = parse(this.source[key]);
    if (parsed.ok) return parsed.value;
    this.fail(key, parsed.message);
    return null;
  }

  required<T>(key: string, parse: Parser<T>, missing = 'is required'): T | null {
    if (!this.has(key)) {
      this.fail(key, missing);
      return null;
    }
    return this.optional(key, parse);
  }

  fail(key: string, message: string): void {
    this.errors.push({ field: this.prefix ? `${this.prefix}.${key}` : key, message });
  }
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectExpected(errors: PlacementFieldError[], field: string): null {
  errors.push({ field, message: 'must be an object' });
  return null;
}

const CONTROL_CHARACTERS = /\p{Cc}/u;

function text(max: number, normalize: (value: string) => string = (value) => value): Parser<string> {
  return (value) => {
    if (typeof value !== 'string') return refuse('must be a string');
    const trimmed = normalize(value.trim());
    if (trimmed.length > max) return refuse(`must be at most ${max} characters`);
    if (CONTROL_CHARACTERS.test(trimmed)) return refuse('must not contain control characters');
    return accept(trimmed);
  };
}

function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (value) => {
    const candidate = typeof value === 'string' ? value.trim().toLowerCase() : value;
    return values.some((v) => v === candidate) ? accept(candidate as T) : refuse(`must be one of ${values.join(', ')}`);
  };
}

const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

const currencyCode: Parser<string> = (value) => {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  return ISO_CURRENCIES.has(code) ? accept(code) : refuse('must be an ISO 4217 currency code such as USD');
};

/** Integers only, as JSON numbers or digit strings: a decimal is refused, never rounded (DESIGN §2). */
function wholeNumber(expected: string): Parser<number> {
  return (value) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return refuse(`must be ${expected}`);
      if (!Number.isInteger(value)) return refuse(`must be ${expected}, not a decimal`);
      if (value < 0) return refuse('must not be negative');
      return Number.isSafeInteger(value) ? accept(value) : refuse('is too large');
    }
    if (typeof value !== 'string') return refuse(`must be ${expected}`);
    const digits = value.trim();
    if (/^\d+$/.test(digits)) {
      const parsed = Number(digits);
      return Number.isSafeInteger(parsed) ? accept(parsed) : refuse('is too large');
    }
    if (/^-\d*\.?\d+$/.test(digits)) return refuse('must not be negative');
    if (/^\d*\.\d+$|^\d+\.$/.test(digits)) return refuse(`must be ${expected}, not a decimal`);
    return refuse(`must be ${expected} (digits only)`);
  };
}

const minorUnits = wholeNumber('a whole number of minor units (1250 for 12.50)');

function wholeNumberBetween(min: number, max: number): Parser<number> {
  const parse = wholeNumber('a whole number');
  return (value) => {
    const parsed = parse(value);
    if (!parsed.ok) return parsed;
    return parsed.value >= min && parsed.value <= max ? parsed : refuse(`must be between ${min} and ${max}`);
  };
}

/** A YYYY-MM-DD string compares in date order, so the trimmed text is the value; `latestDay` bars dates after as-of. */
function calendarDate(latestDay?: number): Parser<string> {
  return (value) => {
    const date = typeof value === 'string' ? value.trim() : '';
    const day = toEpochDay(date);
    if (day === null) return refuse('must be a date as YYYY-MM-DD');
    return latestDay !== undefined && day > latestDay ? refuse('must not be in the future') : accept(date);
  };
}

// E.164 allows 15 digits; fewer than 7 is no real subscriber number. Spaces, dots, dashes and
// brackets are how people write numbers, so they are removed before checking.
const E164 = /^\+[1-9]\d{6,14}$/;

const e164Phone: Parser<string> = (value) => {
  const phone = typeof value === 'string' ? value.replace(/[\s().-]/g, '') : '';
  return E164.test(phone) ? accept(phone) : refuse('must be an E.164 phone number such as +14155550123');
};

// Deliberately loose: deliverability is proven by sending, not by a pattern. The domain is
// case-insensitive (RFC 5321 §2.4), so it is lower-cased; the local part is kept as sent.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const emailAddress: Parser<string> = (value) => {
  const email = typeof value === 'string' ? value.trim() : '';
  if (email.length > 254 || !EMAIL.test(email)) return refuse('must be an e-mail address');
  const at = email.lastIndexOf('@');
  return accept(email.slice(0, at) + email.slice(at).toLowerCase());
};

/**
 * An IANA zone as the runtime's time-zone database knows it, in its canonical spelling. Offsets
 * such as `+05:00` are refused even where the runtime accepts them: compliance windows need the
 * zone's daylight-saving rules (DESIGN §2, §6).
 */
const ianaTimeZone: Parser<string> = (value) => {
  const zone = typeof value === 'string' ? value.trim() : '';
  return memoized(zoneCache, zone, resolveTimeZone);
};

function resolveTimeZone(zone: string): Parsed<string> {
  if (/^[+-\d]/.test(zone)) return refuse('must be an IANA time zone such as America/Chicago, not an offset');
  try {
    return accept(new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);
  } catch {
    return refuse('must be an IANA time zone such as America/Chicago');
  }
}

/**
 * Resolving a zone or a locale through Intl costs about 100 µs, and a file of 100,000 rows holds a
 * handful of distinct values: results are memoized, in a bounded map so hostile input cannot grow it.
 */
const zoneCache = new Map<string, Parsed<string>>();
const localeCache = new Map<string, Parsed<string>>();
const MEMO_LIMIT = 2000;

function memoized(cache: Map<string, Parsed<string>>, key: string, compute: (key: string) => Parsed<string>): Parsed<string> {
  let result = cache.get(key);
  if (result === undefined) {
    result = compute(key);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, result);
  }
  return result;
}

// ISO 3166-2: country, hyphen, up to three subdivision characters (US-TX, CN-GD, MX-CMX).

const regionCode: Parser<string> = (value) => {
  const region = typeof value === 'string' ? value.trim().toUpperCase() : '';
  return SUBDIVISION_CODE.test(region) ? accept(region) : refuse('must be an ISO 3166-2 region code such as US-TX or CN-GD');
};

// `en_US` is how many loan systems (Java, POSIX) spell a locale; it means `en-US`.
const languageTag: Parser<string> = (value) => {
  const tag = typeof value === 'string' ? value.trim().replaceAll('_', '-') : '';
  return memoized(localeCache, tag, (t) => {
    const canonical = canonicalLocale(t);
    return canonical !== null && canonical.length <= 35 ? accept(canonical) : refuse('must be a BCP 47 language tag such as en, es or zh-CN');
  });
};

function canonicalLocale(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

const flagList: Parser<readonly CaseFlag[]> = (value) => {
  if (!Array.isArray(value)) return refuse(`must be a list of flags (${CASE_FLAGS.join(', ')})`);
  const given = value.map((flag) => (typeof flag === 'string' ? flag.trim().toLowerCase() : flag));
  const unknown = given.filter((flag) => !isCaseFlag(flag));
  if (unknown.length > 0) return refuse(`has unknown flags ${unknown.map((flag) => JSON.stringify(flag)).join(', ')}; flags are ${CASE_FLAGS.join(', ')}`);
  return accept(CASE_FLAGS.filter((flag) => given.includes(flag)));
};

function vinOf(region: string | null): Parser<string> {
  return (value) => {
    if (typeof value !== 'string') return refuse('must be a string');
    const result = validateVin(value, region);
    return result.ok ? accept(result.vin) : refuse(result.message);
  };
}

/** One CSV column: its header name, the JSON field it fills, and what a lender puts in it. */
export interface PlacementCsvColumn {
  readonly name: string;
  readonly field: string;
  readonly required: boolean;
  readonly description: string;
}

const column = (field: string, description: string, required = false): PlacementCsvColumn => ({
  name: field.replaceAll('.', '_'),
  field,
  required,
  description,
});

/** The CSV layout of a placement: one flat column per JSON field, named by its path with `_`. */
export const PLACEMENT_CSV_COLUMNS: readonly PlacementCsvColumn[] = [
  column('external_ref', "the lender's loan reference, unique per lender, at most 64 characters", true),
  column('product', 'auto_loan, auto_lease, personal_loan or credit_card', true),
  column('currency', 'ISO 4217 code of every amount in the row, e.g. USD', true),
  column('principal', 'principal due, integer minor units (1250 for 12.50)', true),
  column('interest', 'interest due, integer minor units; empty means 0'),
  column('fees', 'fees due, integer minor units; empty means 0'),
  column('origination_date', 'YYYY-MM-DD', true),
  column('first_missed_due_date', 'oldest unpaid due date, YYYY-MM-DD, not before origination', true),
  column('last_payment_date', 'YYYY-MM-DD'),
  column('borrower.name', "borrower's full name", true),
  column('borrower.phone', 'E.164, e.g. +14155550123'),
  column('borrower.email', 'e-mail address'),
  column('borrower.address.line1', 'street address; required when any address column is filled'),
  column('borrower.address.line2', 'flat, suite, building'),
  column('borrower.address.city', 'city'),
  column('borrower.address.postal_code', 'postal or ZIP code'),
  column('borrower.national_id', 'SSN, SIN, CURP, resident ID…'),
  column('borrower.timezone', 'IANA time zone, e.g. America/Chicago', true),
  column('borrower.region', 'ISO 3166-2 region, e.g. US-TX, CN-GD', true),
  column('borrower.preferred_language', 'BCP 47 tag, e.g. en, es, zh-CN'),
  column('flags', 'semicolon-separated: disputed; cease_contact; bankruptcy; deceased; legal_hold'),
  column('vehicle.vin', '17 characters; required when any vehicle column is filled'),
  column('vehicle.plate', 'registration plate'),
  column('vehicle.plate_region', 'ISO 3166-2 region of the plate; required with a plate'),
  column('vehicle.make', 'e.g. Toyota'),
  column('vehicle.model', 'e.g. Camry'),
  column('vehicle.year', 'model year'),
  column('vehicle.mileage', 'odometer reading, whole number'),
  column('vehicle.colour', 'e.g. silver'),
  column('vehicle.valuation_amount', 'integer minor units in the row currency; with source and date'),
  column('vehicle.valuation_source', 'e.g. Manheim MMR, KBB, internal appraisal'),
  column('vehicle.valuation_date', 'YYYY-MM-DD'),
];

const COLUMNS_BY_NAME: ReadonlyMap<string, PlacementCsvColumn> = new Map(PLACEMENT_CSV_COLUMNS.map((c) => [c.name, c]));
const COLUMN_NAME_BY_FIELD: ReadonlyMap<string, string> = new Map(PLACEMENT_CSV_COLUMNS.map((c) => [c.field, c.name]));

/** Checks a CSV header once, so a wrong file fails with one answer rather than one per row. */
export function placementCsvHeaderErrors(names: readonly string[]): readonly PlacementFieldError[] {
  const errors: PlacementFieldError[] = [];
  names.forEach((name, i) => {
    if (!COLUMNS_BY_NAME.has(name)) errors.push({ field: name, message: 'is not a placement column' });
    else if (names.indexOf(name) !== i) errors.push({ field: name, message: 'appears more than once' });
  });
  for (const c of PLACEMENT_CSV_COLUMNS) {
    if (c.required && !names.includes(c.name)) errors.push({ field: c.name, message: 'is a required column and is missing' });
  }
  return errors;
}

/**
 * Maps a CSV record (header name → cell) to the JSON row shape, so one validator serves both.
 * Empty cells are absent; `flags` splits on `;`; a vehicle or an address exists when any of its
 * columns is filled. Unknown columns are left out (see `validatePlacementCsvRecord`).
 */
export function csvRecordToPlacementRow(record: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of PLACEMENT_CSV_COLUMNS) {
    const cell = record[c.name]?.trim();
    if (!cell) continue;
    const value = c.name === 'flags' ? cell.split(';').map((flag) => flag.trim()).filter((flag) => flag !== '') : cell;
    setPath(row, c.field.split('.'), value);
  }
  return row;
}

/** Validates a CSV record; errors name the CSV column, not the JSON path. */
export function validatePlacementCsvRecord(record: Readonly<Record<string, string | undefined>>, options: PlacementRowOptions): PlacementRowResult {
  const unknown = Object.keys(record)
    .filter((name) => !COLUMNS_BY_NAME.has(name) && record[name]?.trim())
    .map((name) => ({ field: name, message: 'is not a placement column' }));
  const result = validatePlacementRow(csvRecordToPlacementRow(record), options);
  if (result.ok && unknown.length === 0) return result;
  const errors = result.ok ? [] : result.errors.map((e) => ({ field: COLUMN_NAME_BY_FIELD.get(e.field) ?? e.field, message: e.message }));
  return { ok: false, errors: [...unknown, ...errors] };
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ??= {}) as Record<string, unknown>;
  setPath(child, rest, value);
}

/**
 * A fingerprint of a normalized row, so a re-upload can be told `unchanged` from `updated` without
 * decrypting stored PII (DESIGN §4). It is an HMAC, not a bare SHA-256: the row holds a national
 * ID and a phone number, few enough possibilities to recover from an unkeyed hash by trying them
 * all (DESIGN §2 keeps PII searchable only by a keyed hash). Pass the blind-index key; rotating it
 * makes every row look `updated` once.
 */
export function placementFingerprint(row: PlacementRow, key: BinaryLike | KeyObject): string {
  return createHmac('sha256', key).update(canonicalJson(row)).digest('hex');
}

/** JSON with object keys sorted at every level, so key order never changes the fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
