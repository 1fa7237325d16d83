import { arrayOf, calendarDate, dateTime, defineSchema, enumOf, integer, MoneySchema, nullable, objectOf, SchemaObject, text, uuid } from '../common/openapi/schema';
import { VEHICLE_STATUSES } from '../vehicles/domain/vehicle-status';
import { CASE_FLAGS, CASE_STATUSES } from './domain/case-status';
import { PRODUCTS } from './domain/placement-row';
import { BUCKETS, STAGES } from './dto/case-query.dto';

/** The shapes of `case.presenter.ts` and the placement import answers (DESIGN §4, docs/placement-csv.md). */
const address = objectOf({ line1: text, line2: nullable(text), city: nullable(text), postal_code: nullable(text) });

const Borrower = defineSchema(
  'CaseBorrower',
  objectOf(
    {
      name: { type: 'string', example: 'J*** D***' },
      phone: nullable({ type: 'string', example: '+1512***4567' }),
      email: nullable({ type: 'string', example: 'j***@example.com' }),
      address: nullable(address),
      national_id: nullable({ type: 'string', example: '***-**-6789' }),
      timezone: { type: 'string', example: 'America/Chicago' },
      region: { type: 'string', example: 'US-TX' },
      preferred_language: nullable({ type: 'string', example: 'en' }),
    },
    { description: 'Masked unless the case was read with `reveal=pii` by a role that may see PII' },
  ),
);

export const CaseSchema = defineSchema(
  'Case',
  objectOf({
    id: uuid,
    external_ref: { type: 'string', example: 'LN-2024-000123' },
    product: enumOf(PRODUCTS),
    status: enumOf(CASE_STATUSES),
    balances: objectOf({ principal: MoneySchema, interest: MoneySchema, fees: MoneySchema, total_due: MoneySchema }),
    origination_date: calendarDate,
    first_missed_due_date: calendarDate,
    last_payment_date: nullable(calendarDate),
    delinquency: objectOf({ as_of: calendarDate, days_past_due: integer, bucket: enumOf(BUCKETS), stage: nullable(enumOf(STAGES)) }),
    borrower: Borrower,
    pii: enumOf(['masked', 'revealed']),
    flags: arrayOf(enumOf(CASE_FLAGS)),
    on_hold: { type: 'boolean' },
    listing_blockers: arrayOf(objectOf({ flag: enumOf(CASE_FLAGS), reason: text })),
    assigned_org_id: nullable(uuid),
    vehicle: nullable(objectOf({ id: uuid, vin: text, status: enumOf(VEHICLE_STATUSES), make: nullable(text), model: nullable(text), year: nullable(integer) })),
    created_at: dateTime,
    updated_at: dateTime,
  }),
);

const placementVehicle = objectOf(
  {
    vin: { type: 'string', example: '1HGCM82633A004352' },
    plate: text,
    plate_region: { type: 'string', example: 'US-TX' },
    make: text,
    model: text,
    year: integer,
    mileage: integer,
    colour: text,
    valuation: objectOf({ amount: { type: 'integer', format: 'int64' }, currency: text, source: text, date: calendarDate }),
  },
  { optional: ['plate', 'plate_region', 'make', 'model', 'year', 'mileage', 'colour', 'valuation'] },
);

const placementFields = {
  external_ref: { type: 'string', maxLength: 64, example: 'LN-2024-000123' },
  product: enumOf(PRODUCTS),
  currency: { type: 'string', pattern: '^[A-Z]{3}$', example: 'USD' },
  principal: { type: 'integer', format: 'int64', minimum: 0, example: 1_250_000, description: 'minor units' },
  interest: { type: 'integer', format: 'int64', minimum: 0, example: 31_000 },
  fees: { type: 'integer', format: 'int64', minimum: 0, example: 4_500 },
  origination_date: calendarDate,
  first_missed_due_date: calendarDate,
  last_payment_date: calendarDate,
  borrower: objectOf(
    {
      name: { type: 'string', maxLength: 200, example: 'Jordan Doe' },
      phone: { type: 'string', example: '+15125554567', description: 'E.164' },
      email: { type: 'string', format: 'email' },
      address: objectOf({ line1: text, line2: text, city: text, postal_code: text }, { optional: ['line2', 'city', 'postal_code'] }),
      national_id: text,
      timezone: { type: 'string', example: 'America/Chicago', description: 'IANA time zone' },
      region: { type: 'string', example: 'US-TX', description: 'ISO 3166-2 subdivision or country' },
      preferred_language: { type: 'string', example: 'en' },
    },
    { optional: ['phone', 'email', 'address', 'national_id', 'preferred_language'] },
  ),
  flags: arrayOf(enumOf(CASE_FLAGS)),
  vehicle: placementVehicle,
} satisfies Record<string, SchemaObject>;

/** One placement row as JSON (docs/placement-csv.md names the same fields as CSV columns). */
export const PlacementRowSchema = defineSchema('PlacementRow', objectOf(placementFields, { optional: ['interest', 'fees', 'last_payment_date', 'flags', 'vehicle'] }));

/** PATCH /v1/cases/{id}: any of these; `external_ref` and `flags` have their own routes. */
const NOT_PATCHED = new Set(['external_ref', 'flags', 'vehicle']);
export const CasePatchSchema = defineSchema('CasePatch', {
  type: 'object',
  minProperties: 1,
  properties: Object.fromEntries(Object.entries(placementFields).filter(([field]) => !NOT_PATCHED.has(field))),
});

const rowError = objectOf({ row: integer, external_ref: nullable(text), field: { type: 'string', example: 'borrower.phone' }, message: text });

export const PlacementImportSchema = defineSchema(
  'PlacementImport',
  objectOf({
    id: uuid,
    format: enumOf(['json', 'csv']),
    status: enumOf(['queued', 'processing', 'completed', 'failed']),
    file_name: nullable(text),
    as_of: calendarDate,
    progress: objectOf({ processed_rows: integer, total_rows: nullable(integer), percent: { type: 'integer', minimum: 0, maximum: 100 } }),
    counts: objectOf({ created: integer, updated: integer, unchanged: integer, rejected: integer }),
    vehicles: objectOf({ created: integer, updated: integer }),
    errors: arrayOf(rowError, 'rejected rows (all of them for JSON; the first ones for CSV, the rest in errors_url)'),
    errors_url: { type: 'string', example: '/v1/imports/0b7c…/errors.csv' },
    failure: nullable(text),
    created_at: dateTime,
    started_at: nullable(dateTime),
    finished_at: nullable(dateTime),
  }),
);
