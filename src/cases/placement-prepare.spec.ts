import { randomBytes } from 'node:crypto';
import { PiiCipher } from '../common/pii/pii-cipher';
import { PLACEMENT_CSV_COLUMNS } from './domain/placement-row';
import { judgeCsvRows, MAX_CSV_ROWS, PLACED_CASE_COLUMNS } from './placement-prepare';

const cipher = new PiiCipher({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1', blindIndexKey: randomBytes(32) });
const header = PLACEMENT_CSV_COLUMNS.map((c) => c.name);
const good: Record<string, string> = {
  external_ref: 'L-1',
  product: 'personal_loan',
  currency: 'USD',
  principal: '100000',
  interest: '0',
  fees: '0',
  origination_date: '2021-01-15',
  first_missed_due_date: '2024-01-01',
  borrower_name: 'Maria Lopez',
  borrower_timezone: 'America/Chicago',
  borrower_region: 'US-TX',
};
const cells = (over: Record<string, string> = {}) => header.map((h) => ({ ...good, ...over })[h] ?? '');

describe('judgeCsvRows (the work of a placement worker thread)', () => {
  const judge = (rows: { rowNumber: number; cells: string[] }[], resumeAfter = 0) => judgeCsvRows({ header, asOf: '2025-01-01', resumeAfter, rows }, cipher, randomBytes(32));

  it('prepares a valid row as its COPY line, with the PII only encrypted', () => {
    const [verdict] = judge([{ rowNumber: 1, cells: cells() }]);
    expect(verdict).toMatchObject({ ok: true, ref: 'L-1', keys: { external_ref: 'L-1', vehicle: null }, prepared: { rowNumber: 1, externalRef: 'L-1', vehicle: null } });
    const staged = verdict!.ok ? verdict!.prepared!.staged.split('\t') : [];
    expect(staged).toHaveLength(PLACED_CASE_COLUMNS.length);
    expect(staged.join('\t')).not.toContain('Maria');
    expect(cipher.decrypt(staged[PLACED_CASE_COLUMNS.indexOf('borrower_name_enc')]!)).toBe('Maria Lopez');
  });

  it('refuses a row with the wrong number of cells, a row past the limit and an invalid row, each with its reference', () => {
    const [short, beyond, invalid] = judge([
      { rowNumber: 2, cells: cells().slice(1) },
      { rowNumber: MAX_CSV_ROWS + 1, cells: cells() },
      { rowNumber: 3, cells: cells({ principal: '12.50' }) },
    ]);
    expect(short).toMatchObject({ ok: false, ref: null, errors: [{ field: 'row', message: expect.stringContaining('cells but the header has') }] });
    expect(beyond).toMatchObject({ ok: false, ref: 'L-1', errors: [{ field: 'row', message: expect.stringContaining('row limit') }] });
    expect(invalid).toMatchObject({ ok: false, ref: 'L-1', errors: [{ field: 'principal' }] });
  });

  it('judges rows an earlier attempt committed, for the duplicate screen, without preparing them', () => {
    const [done, next] = judge([{ rowNumber: 1, cells: cells() }, { rowNumber: 2, cells: cells({ external_ref: 'L-2' }) }], 1);
    expect(done).toMatchObject({ ok: true, prepared: null });
    expect(next).toMatchObject({ ok: true, prepared: { rowNumber: 2 } });
  });
});
