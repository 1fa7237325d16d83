import { parse } from 'csv-parse/sync';
import {
  csvRecordToPlacementRow,
  PLACEMENT_CSV_COLUMNS,
  placementCsvHeaderErrors,
  placementFingerprint,
  PlacementRow,
  PlacementRowResult,
  validatePlacementCsvRecord,
  validatePlacementRow,
} from './placement-row';

const options = { asOf: '2024-06-30' };
const key = 'test-blind-index-key';

/** A complete JSON row as a lender's loan system would send it, with spellings that normalize. */
function jsonRow(): Record<string, unknown> {
  return {
    external_ref: ' LN-000123 ',
    product: 'AUTO_LOAN',
    currency: 'usd',
    principal: 1_250_000,
    interest: '48210',
    fees: 3500,
    origination_date: '2021-03-15',
    first_missed_due_date: '2024-02-15',
    last_payment_date: '2024-01-20',
    borrower: {
      name: 'Jane Doe',
      phone: '+1 (415) 555-0123',
      email: 'Jane.Doe@Example.COM',
      address: { line1: '100 Main St', line2: 'Apt 4', city: 'Austin', postal_code: '78701' },
      national_id: '123-45-6789',
      timezone: 'america/chicago',
      region: 'us-tx',
      preferred_language: 'en_US',
    },
    flags: ['legal_hold', ' Disputed ', 'disputed'],
    vehicle: {
      vin: '1hgcm82633a004352',
      plate: 'abc1234',
      plate_region: 'US-TX',
      make: 'Honda',
      model: 'Accord',
      year: 2003,
      mileage: '154000',
      colour: 'silver',
      valuation_amount: 320_000,
      valuation_source: 'Manheim MMR',
      valuation_date: '2024-06-01',
    },
  };
}

const expectedRow: PlacementRow = {
  external_ref: 'LN-000123',
  product: 'auto_loan',
  currency: 'USD',
  principal: 1_250_000,
  interest: 48_210,
  fees: 3500,
  origination_date: '2021-03-15',
  first_missed_due_date: '2024-02-15',
  last_payment_date: '2024-01-20',
  borrower: {
    name: 'Jane Doe',
    phone: '+14155550123',
    email: 'Jane.Doe@example.com',
    address: { line1: '100 Main St', line2: 'Apt 4', city: 'Austin', postal_code: '78701' },
    national_id: '123-45-6789',
    timezone: 'America/Chicago',
    region: 'US-TX',
    preferred_language: 'en-US',
  },
  flags: ['disputed', 'legal_hold'],
  vehicle: {
    vin: '1HGCM82633A004352',
    plate: 'ABC1234',
    plate_region: 'US-TX',
    make: 'Honda',
    model: 'Accord',
    year: 2003,
    mileage: 154_000,
    colour: 'silver',
    valuation: { amount: 320_000, currency: 'USD', source: 'Manheim MMR', date: '2024-06-01' },
  },
};

const minimalRow = (): Record<string, unknown> => ({
  external_ref: 'LN-9',
  product: 'credit_card',
  currency: 'EUR',
  principal: '99',
  origination_date: '2023-01-01',
  first_missed_due_date: '2023-02-01',
  borrower: { name: 'Max Mustermann', timezone: 'Europe/Berlin', region: 'DE-BY' },
});

/** Sets `value` at a dotted path of the row; `undefined` deletes the field. */
function withField(path: string, value: unknown, row = jsonRow()): Record<string, unknown> {
  const keys = path.split('.');
  let target = row;
  for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return row;
}

function rowOf(result: PlacementRowResult): PlacementRow {
  if (!result.ok) throw new Error(`expected a valid row, got ${JSON.stringify(result.errors)}`);
  return result.row;
}

describe('validatePlacementRow', () => {
  it('accepts a complete row and normalizes its spellings', () => {
    expect(validatePlacementRow(jsonRow(), options)).toEqual({ ok: true, row: expectedRow });
  });

  it('fills the defaults of a minimal row', () => {
    expect(rowOf(validatePlacementRow(minimalRow(), options))).toEqual({
      external_ref: 'LN-9',
      product: 'credit_card',
      currency: 'EUR',
      principal: 99,
      interest: 0,
      fees: 0,
      origination_date: '2023-01-01',
      first_missed_due_date: '2023-02-01',
      last_payment_date: null,
      borrower: {
        name: 'Max Mustermann',
        phone: null,
        email: null,
        address: null,
        national_id: null,
        timezone: 'Europe/Berlin',
        region: 'DE-BY',
        preferred_language: null,
      },
      flags: [],
      vehicle: null,
    });
  });

  it.each<[string, unknown]>([
    ['last_payment_date', null],
    ['borrower.phone', ''],
    ['borrower.email', '   '],
    ['vehicle', null],
    ['flags', []],
  ])('treats %s = %j as absent', (path, value) => {
    expect(validatePlacementRow(withField(path, value), options).ok).toBe(true);
  });

  it('accepts a first missed due date after as-of (placed before delinquency: DPD 0)', () => {
    expect(validatePlacementRow(withField('first_missed_due_date', '2024-07-15'), options).ok).toBe(true);
  });

  it('accepts a first missed due date on the origination date', () => {
    expect(validatePlacementRow(withField('first_missed_due_date', '2021-03-15'), options).ok).toBe(true);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['external_ref', undefined, 'external_ref', /is required/],
    ['external_ref', 'x'.repeat(65), 'external_ref', /at most 64 characters/],
    ['external_ref', 12345, 'external_ref', /must be a string/],
    ['external_ref', 'LN\u00001', 'external_ref', /control characters/],
    ['product', 'mortgage', 'product', /one of auto_loan, auto_lease, personal_loan, credit_card/],
    ['currency', 'XYZ', 'currency', /ISO 4217/],
    ['currency', 'US', 'currency', /ISO 4217/],
    ['principal', undefined, 'principal', /is required/],
    ['principal', '12.50', 'principal', /minor units .*not a decimal/],
    ['principal', 12.5, 'principal', /not a decimal/],
    ['principal', '-100', 'principal', /must not be negative/],
    ['principal', -100, 'principal', /must not be negative/],
    ['principal', '1,000', 'principal', /digits only/],
    ['principal', '1e5', 'principal', /digits only/],
    ['principal', 2 ** 53, 'principal', /too large/],
    ['principal', '9007199254740993', 'principal', /too large/],
    ['principal', true, 'principal', /whole number/],
    ['interest', 'abc', 'interest', /digits only/],
    ['fees', '9.99', 'fees', /not a decimal/],
    ['fees', Number.MAX_SAFE_INTEGER, 'principal', /total due .* too large/],
    ['origination_date', '2024-02-30', 'origination_date', /YYYY-MM-DD/],
    ['origination_date', '03/15/2021', 'origination_date', /YYYY-MM-DD/],
    ['origination_date', '2021-03-15T00:00:00Z', 'origination_date', /YYYY-MM-DD/],
    ['origination_date', '2024-07-01', 'origination_date', /in the future/],
    ['first_missed_due_date', '2021-03-14', 'first_missed_due_date', /before origination_date/],
    ['first_missed_due_date', undefined, 'first_missed_due_date', /is required/],
    ['last_payment_date', '2021-03-01', 'last_payment_date', /before origination_date/],
    ['last_payment_date', '2024-07-01', 'last_payment_date', /in the future/],
    ['borrower', 'Jane Doe', 'borrower', /must be an object/],
    ['borrower.name', undefined, 'borrower.name', /is required/],
    ['borrower.name', 'x'.repeat(201), 'borrower.name', /at most 200/],
    ['borrower.phone', '4155550123', 'borrower.phone', /E\.164/],
    ['borrower.phone', '+0415555012', 'borrower.phone', /E\.164/],
    ['borrower.phone', '+1415555012345678', 'borrower.phone', /E\.164/],
    ['borrower.phone', 14155550123, 'borrower.phone', /E\.164/],
    ['borrower.email', 'jane.doe', 'borrower.email', /e-mail/],
    ['borrower.email', 'jane doe@example.com', 'borrower.email', /e-mail/],
    ['borrower.address', '100 Main St', 'borrower.address', /must be an object/],
    ['borrower.address', { city: 'Austin' }, 'borrower.address.line1', /is required/],
    ['borrower.national_id', 'x'.repeat(65), 'borrower.national_id', /at most 64/],
    ['borrower.timezone', undefined, 'borrower.timezone', /is required/],
    ['borrower.timezone', 'Mars/Olympus_Mons', 'borrower.timezone', /IANA time zone/],
    ['borrower.timezone', '+05:00', 'borrower.timezone', /not an offset/],
    ['borrower.timezone', '-0600', 'borrower.timezone', /not an offset/],
    ['borrower.region', 'Texas', 'borrower.region', /ISO 3166-2/],
    ['borrower.region', 'US', 'borrower.region', /ISO 3166-2/],
    ['borrower.region', 'USA-TX', 'borrower.region', /ISO 3166-2/],
    ['borrower.preferred_language', 'en--US', 'borrower.preferred_language', /BCP 47/],
    ['borrower.preferred_language', '123', 'borrower.preferred_language', /BCP 47/],
    ['flags', ['fraud'], 'flags', /unknown flags "fraud"/],
    ['flags', 'bankruptcy', 'flags', /must be a list/],
    ['flags', [7], 'flags', /unknown flags 7/],
    ['vehicle', 'yes', 'vehicle', /must be an object/],
    ['vehicle.vin', undefined, 'vehicle.vin', /is required/],
    ['vehicle.vin', '1HGCM82633A004353', 'vehicle.vin', /check digit \(position 9\)/],
    ['vehicle.vin', '1HGCM82633A00435', 'vehicle.vin', /17 characters/],
    ['vehicle.vin', '1HGCM82633A00435O', 'vehicle.vin', /except I, O and Q/],
    ['vehicle.plate_region', undefined, 'vehicle.plate_region', /required with a plate/],
    ['vehicle.plate_region', 'TX', 'vehicle.plate_region', /ISO 3166-2/],
    ['vehicle.year', 1899, 'vehicle.year', /between 1900 and 2025/],
    ['vehicle.year', 2026, 'vehicle.year', /between 1900 and 2025/],
    ['vehicle.year', '2019.5', 'vehicle.year', /not a decimal/],
    ['vehicle.mileage', -5, 'vehicle.mileage', /must not be negative/],
    ['vehicle.mileage', '154,000', 'vehicle.mileage', /digits only/],
    ['vehicle.valuation_amount', '3200.00', 'vehicle.valuation_amount', /not a decimal/],
    ['vehicle.valuation_source', undefined, 'vehicle.valuation_source', /required with a valuation/],
    ['vehicle.valuation_date', '2024-07-01', 'vehicle.valuation_date', /in the future/],
    ['principle', 1000, 'principle', /is not a placement field/],
    ['borrower.ssn', '123-45-6789', 'borrower.ssn', /is not a placement field/],
    ['borrower.address.country', 'US', 'borrower.address.country', /is not a placement field/],
    ['vehicle.color', 'red', 'vehicle.color', /is not a placement field/],
  ])('refuses %s = %j under field %s', (path, value, field, message) => {
    expect(validatePlacementRow(withField(path, value), options)).toEqual({
      ok: false,
      errors: [{ field, message: expect.stringMatching(message) }],
    });
  });

  it('refuses a zero balance', () => {
    const row = withField('principal', '0', minimalRow());
    expect(validatePlacementRow(row, options)).toEqual({
      ok: false,
      errors: [{ field: 'principal', message: expect.stringMatching(/total due .* more than zero/) }],
    });
    expect(validatePlacementRow(withField('fees', 1, row), options).ok).toBe(true);
  });

  it('asks for each missing borrower field when the borrower is absent', () => {
    const result = validatePlacementRow(withField('borrower', undefined), options);
    expect(result.ok === false && result.errors.map((e) => e.field)).toEqual(['borrower.name', 'borrower.timezone', 'borrower.region']);
  });

  it('asks for the rest of a valuation given only its amount', () => {
    const row = withField('vehicle.valuation_date', undefined, withField('vehicle.valuation_source', undefined));
    const result = validatePlacementRow(row, options);
    expect(result.ok === false && result.errors.map((e) => e.field)).toEqual(['vehicle.valuation_source', 'vehicle.valuation_date']);
  });

  it('reports every bad field of a row, not only the first', () => {
    const row = withField('currency', 'dollars', withField('borrower.phone', 'call me', withField('vehicle.vin', 'nope')));
    const result = validatePlacementRow(row, options);
    expect(result.ok === false && result.errors.map((e) => e.field)).toEqual(['currency', 'borrower.phone', 'vehicle.vin']);
  });

  it.each([null, [], 'LN-1', 42])('refuses a row that is not an object (%j)', (raw) => {
    expect(validatePlacementRow(raw, options)).toEqual({ ok: false, errors: [{ field: 'row', message: 'must be an object' }] });
  });

  it('refuses a malformed as-of date as a programming error', () => {
    expect(() => validatePlacementRow(jsonRow(), { asOf: '30/06/2024' })).toThrow(RangeError);
  });

  describe('VIN check digit follows where the vehicle is (vin.ts)', () => {
    const european = 'WVWZZZ1JZXW000001';

    it('skips it for a European VIN on a European plate', () => {
      const row = withField('vehicle.plate_region', 'DE-BY', withField('vehicle.vin', european));
      expect(rowOf(validatePlacementRow(row, options)).vehicle?.vin).toBe(european);
    });

    it("falls back to the borrower's region without a plate", () => {
      const inGermany = withField('borrower.region', 'DE-BY', withField('vehicle', { vin: european }, minimalRow()));
      expect(validatePlacementRow(inGermany, options).ok).toBe(true);
      const inTexas = withField('borrower.region', 'US-TX', withField('vehicle', { vin: european }, minimalRow()));
      expect(validatePlacementRow(inTexas, options)).toMatchObject({ ok: false, errors: [{ field: 'vehicle.vin' }] });
    });
  });
});

describe('CSV placement', () => {
  const header = PLACEMENT_CSV_COLUMNS.map((c) => c.name);

  const csvRecord = (): Record<string, string> => ({
    external_ref: 'LN-000123',
    product: 'auto_loan',
    currency: 'USD',
    principal: '1250000',
    interest: '48210',
    fees: '3500',
    origination_date: '2021-03-15',
    first_missed_due_date: '2024-02-15',
    last_payment_date: '2024-01-20',
    borrower_name: 'Jane Doe',
    borrower_phone: '+14155550123',
    borrower_email: 'Jane.Doe@example.com',
    borrower_address_line1: '100 Main St',
    borrower_address_line2: 'Apt 4',
    borrower_address_city: 'Austin',
    borrower_address_postal_code: '78701',
    borrower_national_id: '123-45-6789',
    borrower_timezone: 'America/Chicago',
    borrower_region: 'US-TX',
    borrower_preferred_language: 'en-US',
    flags: 'legal_hold; disputed;',
    vehicle_vin: '1HGCM82633A004352',
    vehicle_plate: 'ABC1234',
    vehicle_plate_region: 'US-TX',
    vehicle_make: 'Honda',
    vehicle_model: 'Accord',
    vehicle_year: '2003',
    vehicle_mileage: '154000',
    vehicle_colour: 'silver',
    vehicle_valuation_amount: '320000',
    vehicle_valuation_source: 'Manheim MMR',
    vehicle_valuation_date: '2024-06-01',
  });

  const blankVehicle = (record: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, k.startsWith('vehicle_') ? '' : v]));

  it('names each column after its JSON path and describes it', () => {
    for (const c of PLACEMENT_CSV_COLUMNS) {
      expect(c.name).toBe(c.field.replaceAll('.', '_'));
      expect(c.description).toMatch(/\S/);
    }
    expect(new Set(header).size).toBe(header.length);
    expect(PLACEMENT_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name)).toEqual([
      'external_ref',
      'product',
      'currency',
      'principal',
      'origination_date',
      'first_missed_due_date',
      'borrower_name',
      'borrower_timezone',
      'borrower_region',
    ]);
  });

  it('covers every field: a record with every column filled gives the same row as JSON', () => {
    expect(Object.keys(csvRecord())).toEqual(header);
    expect(validatePlacementCsvRecord(csvRecord(), options)).toEqual({ ok: true, row: expectedRow });
  });

  it('maps a record to the JSON row shape', () => {
    const record = { ...blankVehicle(csvRecord()), borrower_address_line2: '', vehicle_vin: '1HGCM82633A004352' };
    expect(csvRecordToPlacementRow(record)).toEqual({
      external_ref: 'LN-000123',
      product: 'auto_loan',
      currency: 'USD',
      principal: '1250000',
      interest: '48210',
      fees: '3500',
      origination_date: '2021-03-15',
      first_missed_due_date: '2024-02-15',
      last_payment_date: '2024-01-20',
      borrower: {
        name: 'Jane Doe',
        phone: '+14155550123',
        email: 'Jane.Doe@example.com',
        address: { line1: '100 Main St', city: 'Austin', postal_code: '78701' },
        national_id: '123-45-6789',
        timezone: 'America/Chicago',
        region: 'US-TX',
        preferred_language: 'en-US',
      },
      flags: ['legal_hold', 'disputed'],
      vehicle: { vin: '1HGCM82633A004352' },
    });
  });

  it('leaves out the vehicle and the address when their columns are empty', () => {
    const record = blankVehicle(csvRecord());
    for (const k of Object.keys(record)) if (k.startsWith('borrower_address_')) record[k] = ' ';
    const mapped = csvRecordToPlacementRow(record);
    expect(mapped).not.toHaveProperty('vehicle');
    expect(mapped).not.toHaveProperty('borrower.address');
    const row = rowOf(validatePlacementCsvRecord(record, options));
    expect(row.vehicle).toBeNull();
    expect(row.borrower.address).toBeNull();
  });

  it.each<[string, string, string, RegExp]>([
    ['principal', '12.50', 'principal', /not a decimal/],
    ['fees', '-1', 'fees', /must not be negative/],
    ['borrower_phone', '415-555-0123', 'borrower_phone', /E\.164/],
    ['borrower_timezone', 'Central Time', 'borrower_timezone', /IANA/],
    ['borrower_address_line1', '', 'borrower_address_line1', /is required/],
    ['flags', 'bankruptcy;fraud', 'flags', /unknown flags "fraud"/],
    ['vehicle_vin', '', 'vehicle_vin', /is required/],
    ['vehicle_vin', '1HGCM82633A004353', 'vehicle_vin', /check digit/],
    ['vehicle_plate_region', '', 'vehicle_plate_region', /required with a plate/],
    ['vehicle_valuation_date', '', 'vehicle_valuation_date', /required with a valuation/],
  ])('refuses %s = %j under column %s', (name, cell, field, message) => {
    expect(validatePlacementCsvRecord({ ...csvRecord(), [name]: cell }, options)).toEqual({
      ok: false,
      errors: [{ field, message: expect.stringMatching(message) }],
    });
  });

  it('refuses a filled unknown column and ignores an empty one', () => {
    expect(validatePlacementCsvRecord({ ...csvRecord(), principle: '1000' }, options)).toEqual({
      ok: false,
      errors: [{ field: 'principle', message: 'is not a placement column' }],
    });
    expect(validatePlacementCsvRecord({ ...csvRecord(), notes: '' }, options).ok).toBe(true);
  });

  it('validates a parsed CSV file row by row, so a bad row does not lose the good ones', () => {
    const file = [
      'external_ref,product,currency,principal,origination_date,first_missed_due_date,borrower_name,borrower_timezone,borrower_region,flags,vehicle_vin',
      'A-1,auto_loan,USD,500000,2022-01-10,2024-03-10,"Doe, John",America/New_York,US-NY,,1M8GDM9AXKP042788',
      'A-2,auto_loan,USD,12.50,2022-01-10,2024-03-10,Ann Lee,America/New_York,US-NY,cease_contact,',
      'A-3,personal_loan,CNY,880000,2023-05-01,2024-04-01,王伟,Asia/Shanghai,CN-GD,bankruptcy;legal_hold,',
    ].join('\n');
    const records: Record<string, string>[] = parse(file, { columns: true, skip_empty_lines: true });
    expect(placementCsvHeaderErrors(Object.keys(records[0]))).toEqual([]);
    const results = records.map((r) => validatePlacementCsvRecord(r, options));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(rowOf(results[0]).borrower.name).toBe('Doe, John');
    expect(results[1]).toEqual({ ok: false, errors: [{ field: 'principal', message: expect.stringMatching(/not a decimal/) }] });
    expect(rowOf(results[2]).flags).toEqual(['bankruptcy', 'legal_hold']);
  });

  describe('header', () => {
    it('accepts every column in any order, and only the required ones', () => {
      expect(placementCsvHeaderErrors([...header].reverse())).toEqual([]);
      expect(placementCsvHeaderErrors(PLACEMENT_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name))).toEqual([]);
    });

    it('names missing, unknown and repeated columns', () => {
      const given = header.filter((name) => name !== 'currency' && name !== 'borrower_timezone');
      expect(placementCsvHeaderErrors([...given, 'principle', 'fees'])).toEqual([
        { field: 'principle', message: 'is not a placement column' },
        { field: 'fees', message: 'appears more than once' },
        { field: 'currency', message: 'is a required column and is missing' },
        { field: 'borrower_timezone', message: 'is a required column and is missing' },
      ]);
    });
  });
});

describe('placementFingerprint', () => {
  const fingerprint = (raw: unknown): string => placementFingerprint(rowOf(validatePlacementRow(raw, options)), key);

  /** The same data with every object's keys in reverse order. */
  function reversedKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(reversedKeys);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
  }

  it('is a SHA-256 HMAC in hex', () => {
    expect(fingerprint(jsonRow())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable under key order', () => {
    expect(JSON.stringify(reversedKeys(expectedRow))).not.toBe(JSON.stringify(expectedRow));
    expect(placementFingerprint(reversedKeys(expectedRow) as PlacementRow, key)).toBe(placementFingerprint(expectedRow, key));
    expect(fingerprint(reversedKeys(jsonRow()))).toBe(fingerprint(jsonRow()));
  });

  it('is stable under spelling that normalizes away, and the same for JSON and CSV', () => {
    const respelled = withField('currency', 'USD', withField('borrower.phone', '+14155550123', withField('flags', ['disputed', 'legal_hold'])));
    expect(fingerprint(respelled)).toBe(fingerprint(jsonRow()));
    expect(placementFingerprint(expectedRow, key)).toBe(fingerprint(jsonRow()));
  });

  it.each<[string, unknown]>([
    ['principal', 1_250_001],
    ['last_payment_date', '2024-01-21'],
    ['borrower.phone', '+14155550124'],
    ['borrower.national_id', '123-45-6780'],
    ['flags', ['disputed']],
    ['vehicle.mileage', 154_001],
    ['vehicle', null],
  ])('changes when %s changes', (path, value) => {
    expect(fingerprint(withField(path, value))).not.toBe(fingerprint(jsonRow()));
  });

  it('depends on the key, so it cannot be recomputed from guessed PII without it', () => {
    expect(placementFingerprint(expectedRow, 'another-key')).not.toBe(placementFingerprint(expectedRow, key));
  });
});
