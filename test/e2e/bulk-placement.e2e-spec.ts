import { stringify } from 'csv-stringify/sync';
import { PLACEMENT_CSV_COLUMNS } from '../../src/cases/domain/placement-row';
import { PLACEMENT_IMPORT } from '../../src/cases/placement-jobs';
import { Deadlines } from '../../src/common/queue/deadlines.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { aCaseRow } from '../support/cases';
import { aLender, anAgency, OrgSession } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

/** Bulk item i: a placement row with its own reference and principal. */
const row = (i: number, overrides: Record<string, unknown> = {}) =>
  aCaseRow({ external_ref: `B-${i}`, principal: 100_000 + i, interest: 1_000, origination_date: '2022-01-10', first_missed_due_date: '2024-03-01', borrower: { name: `Borrower ${i}` }, ...overrides });

/** A CSV record of the placement columns for row i; `bad` rows have a decimal principal. */
function csvRecord(i: number, bad = false): string[] {
  const values: Record<string, string> = {
    external_ref: `C-${i}`,
    product: 'auto_loan',
    currency: 'USD',
    principal: bad ? '12.50' : String(200_000 + i),
    interest: '0',
    fees: '0',
    origination_date: '2022-01-10',
    first_missed_due_date: '2024-03-01',
    'borrower_name': `CSV Borrower ${i}`,
    'borrower_phone': '+14155550123',
    'borrower_timezone': 'America/Chicago',
    'borrower_region': 'US-TX',
    flags: i % 50 === 0 ? 'disputed' : '',
    'vehicle_vin': i % 10 === 0 ? vinFor(i) : '',
    'vehicle_make': i % 10 === 0 ? 'Ford' : '',
  };
  return PLACEMENT_CSV_COLUMNS.map((c) => values[c.name] ?? '');
}

/** A valid North-American VIN for serial i (check digit computed). */
function vinFor(i: number): string {
  const body = `1FTFW1ET5D${String(i).padStart(7, '0')}`.split('');
  const map: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const total = body.reduce((sum, c, k) => sum + (/\d/.test(c) ? Number(c) : map[c]) * weights[k], 0);
  body[8] = total % 11 === 10 ? 'X' : String(total % 11);
  return body.join('');
}

describe('bulk placement', () => {
  let t: TestApp;
  let lender: OrgSession;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2024-06-30T12:00:00Z');
    lender = await aLender(t).build();
  });
  afterAll(() => t.close());

  const countCases = async (orgId: string) => Number((await t.db.query('SELECT count(*) AS n FROM cases WHERE org_id = $1', [orgId]))[0].n);

  describe('JSON', () => {
    const body = [
      row(1, { vehicle: { vin: '1HGCM82633A004352', plate: 'abc1234', plate_region: 'US-TX', make: 'Honda', valuation_amount: 320_000, valuation_source: 'KBB', valuation_date: '2024-06-01' } }),
      row(2),
      row(3, { principal: 12.5 }), // a decimal is refused, never rounded
      row(4, { borrower: { name: 'X', timezone: 'Mars/Olympus', region: 'US-TX' } }),
      row(5, { vehicle: { vin: '1HGCM82633A004353' } }), // bad check digit
      row(2), // repeats row 2
      row(6),
    ];

    it('places the good rows, explains every bad one, and counts them', async () => {
      const res = await t.http.post('/v1/cases/bulk').set(lender.auth).send(body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ format: 'json', status: 'completed', counts: { created: 3, updated: 0, unchanged: 0, rejected: 4 }, vehicles: { created: 1, updated: 0 } });
      expect(res.body.errors).toEqual([
        { row: 3, external_ref: 'B-3', field: 'principal', message: expect.stringMatching(/not a decimal/) },
        { row: 4, external_ref: 'B-4', field: 'borrower.timezone', message: expect.any(String) },
        { row: 5, external_ref: 'B-5', field: 'vehicle.vin', message: expect.stringMatching(/check digit/) },
        { row: 6, external_ref: 'B-2', field: 'external_ref', message: 'repeats the external_ref of row 2' },
      ]);
      const stored = await t.db.query('SELECT external_ref, principal FROM cases WHERE org_id = $1 ORDER BY external_ref', [lender.orgId]);
      expect(stored).toEqual([
        { external_ref: 'B-1', principal: '100001' },
        { external_ref: 'B-2', principal: '100002' },
        { external_ref: 'B-6', principal: '100006' },
      ]);
      const [vehicle] = await t.db.query('SELECT v.vin, v.plate, v.valuation_amount, c.external_ref FROM vehicles v JOIN cases c ON c.id = v.case_id WHERE v.org_id = $1', [lender.orgId]);
      expect(vehicle).toEqual({ vin: '1HGCM82633A004352', plate: 'ABC1234', valuation_amount: '320000', external_ref: 'B-1' });
      const events = await t.db.query(`SELECT payload FROM outbox_events WHERE type = 'case.placed' AND aggregate_id = $1`, [res.body.id]);
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ created: 3, rejected: 4 });

      const errorsCsv = await t.http.get(`/v1/imports/${res.body.id}/errors.csv`).set(lender.auth);
      expect(errorsCsv.status).toBe(200);
      expect(errorsCsv.text.trim().split('\n')).toEqual([
        'row,external_ref,field,message',
        expect.stringMatching(/^3,B-3,principal,/),
        expect.stringMatching(/^4,B-4,borrower.timezone,/),
        expect.stringMatching(/^5,B-5,vehicle.vin,/),
        '6,B-2,external_ref,repeats the external_ref of row 2',
      ]);
    });

    it('counts the same body again as unchanged and writes nothing', async () => {
      const before = await t.db.query('SELECT id, updated_at FROM cases WHERE org_id = $1 ORDER BY id', [lender.orgId]);
      const res = await t.http.post('/v1/cases/bulk').set(lender.auth).send(body);
      expect(res.body.counts).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 4 });
      expect(await t.db.query('SELECT id, updated_at FROM cases WHERE org_id = $1 ORDER BY id', [lender.orgId])).toEqual(before);
      expect(await t.db.query(`SELECT 1 FROM outbox_events WHERE type = 'case.placed' AND aggregate_id = $1`, [res.body.id])).toHaveLength(0);
    });

    it('counts a changed balance as updated, and keeps flags the lender set', async () => {
      const [b1] = await t.db.query(`SELECT id FROM cases WHERE org_id = $1 AND external_ref = 'B-1'`, [lender.orgId]);
      await t.http.post(`/v1/cases/${b1.id}/flags`).set(lender.auth).send({ flag: 'legal_hold', reason: 'litigation' });
      const changed = body.map((r) => (r.external_ref === 'B-2' ? { ...r, principal: 999_999 } : r));
      const res = await t.http.post('/v1/cases/bulk').set(lender.auth).send(changed);
      expect(res.body.counts).toEqual({ created: 0, updated: 1, unchanged: 2, rejected: 4 });
      expect((await t.db.query(`SELECT principal FROM cases WHERE org_id = $1 AND external_ref = 'B-2'`, [lender.orgId]))[0].principal).toBe('999999');
      expect((await t.db.query(`SELECT flags FROM cases WHERE id = $1`, [b1.id]))[0].flags).toEqual(['legal_hold']);
    });

    it('replays a request with the same Idempotency-Key without placing twice', async () => {
      const other = await aLender(t).build();
      const first = await t.http.post('/v1/cases/bulk').set(other.auth).set('Idempotency-Key', 'bulk-1').send([row(10), row(11)]);
      expect(first.body.counts).toMatchObject({ created: 2 });
      const again = await t.http.post('/v1/cases/bulk').set(other.auth).set('Idempotency-Key', 'bulk-1').send([row(10), row(11)]);
      expect(again.status).toBe(200);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(Number((await t.db.query('SELECT count(*) AS n FROM placement_imports WHERE org_id = $1', [other.orgId]))[0].n)).toBe(1);
      expectProblem(await t.http.post('/v1/cases/bulk').set(other.auth).set('Idempotency-Key', 'bulk-1').send([row(12)]), 422, 'idempotency.key_reused');
      expect(await countCases(other.orgId)).toBe(2);
    });

    it('refuses an empty body, a non-array, more than 10,000 rows, and non-lenders, writing nothing', async () => {
      const other = await aLender(t).build();
      expectProblem(await t.http.post('/v1/cases/bulk').set(other.auth).send([]), 400, 'validation.failed');
      expectProblem(await t.http.post('/v1/cases/bulk').set(other.auth).send({ external_ref: 'x' }), 400, 'validation.failed');
      const many = Array.from({ length: 10_001 }, (_, i) => ({ external_ref: `M-${i}` }));
      expectProblem(await t.http.post('/v1/cases/bulk').set(other.auth).send(many), 413, 'import.too_many_rows');
      const agency = await anAgency(t).build();
      expectProblem(await t.http.post('/v1/cases/bulk').set(agency.auth).send([row(1)]), 403, 'auth.wrong_org_kind');
      expect(await countCases(other.orgId)).toBe(0);
      expect(await t.db.query('SELECT 1 FROM placement_imports WHERE org_id IN ($1, $2)', [other.orgId, agency.orgId])).toHaveLength(0);
    });
  });

  describe('CSV through the background job', () => {
    const ROWS = 3_000;
    const bad = new Set([7, 1234, 2999]);
    const csv = (rows: number) =>
      stringify([PLACEMENT_CSV_COLUMNS.map((c) => c.name), ...Array.from({ length: rows }, (_, k) => csvRecord(k + 1, bad.has(k + 1)))]);

    async function waitForImport(session: OrgSession, id: string): Promise<{ seen: string[]; result: { errors: { row: number; field: string }[]; counts: Record<string, number> } }> {
      const seen: string[] = [];
      const deadline = Date.now() + 45_000;
      for (;;) {
        const res = await t.http.get(`/v1/imports/${id}`).set(session.auth);
        expect(res.status).toBe(200);
        seen.push(res.body.status);
        if (res.body.status === 'failed') throw new Error(`import failed: ${res.body.failure}`);
        if (res.body.status === 'completed') return { seen, result: res.body };
        if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.status} after 45 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    it('accepts the upload (202), reports progress, then the result; a second upload is all unchanged', async () => {
      const session = await aLender(t).build();
      const upload = await t.http.post('/v1/cases/bulk').set(session.auth).attach('file', Buffer.from(csv(ROWS)), { filename: 'book.csv', contentType: 'text/csv' });
      expect(upload.status).toBe(202);
      expect(upload.headers.location).toBe(`/v1/imports/${upload.body.id}`);
      expect(upload.body).toMatchObject({ format: 'csv', status: 'queued', file_name: 'book.csv', progress: { processed_rows: 0, total_rows: ROWS } });

      const { seen, result } = await waitForImport(session, upload.body.id);
      expect(seen[0]).toMatch(/queued|processing|completed/);
      expect(result).toMatchObject({
        status: 'completed',
        progress: { processed_rows: ROWS, total_rows: ROWS, percent: 100 },
        counts: { created: ROWS - 3, updated: 0, unchanged: 0, rejected: 3 },
        vehicles: { created: 300, updated: 0 },
      });
      expect(result.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
        [7, 'principal'],
        [1234, 'principal'],
        [2999, 'principal'],
      ]);
      expect(await countCases(session.orgId)).toBe(ROWS - 3);
      expect(Number((await t.db.query(`SELECT count(*) AS n FROM cases WHERE org_id = $1 AND 'disputed' = ANY(flags)`, [session.orgId]))[0].n)).toBe(60);
      const errorsCsv = await t.http.get(`/v1/imports/${upload.body.id}/errors.csv`).set(session.auth);
      expect(errorsCsv.text.trim().split('\n')).toHaveLength(4);

      const again = await t.http.post('/v1/cases/bulk').set(session.auth).attach('file', Buffer.from(csv(ROWS)), { filename: 'book.csv', contentType: 'text/csv' });
      expect(again.status).toBe(202);
      const second = await waitForImport(session, again.body.id);
      expect(second.result.counts).toEqual({ created: 0, updated: 0, unchanged: ROWS - 3, rejected: 3 });
    });

    it('starts an import whose job was lost (e.g. Redis down at upload) from the sweep, once it has waited a minute', async () => {
      const session = await aLender(t).build();
      const queue = t.app.get(QueueService).queue(PLACEMENT_IMPORT.queue);
      // Paused, so the job is still waiting when the test deletes it from Redis.
      await queue.pause();
      let importId = '';
      try {
        const upload = await t.http.post('/v1/cases/bulk').set(session.auth).attach('file', Buffer.from(csv(20)), { filename: 'lost.csv', contentType: 'text/csv' });
        expect(upload.status).toBe(202);
        importId = upload.body.id;
        await (await queue.getJob(PLACEMENT_IMPORT.idOf({ importId })))!.remove();
      } finally {
        await queue.resume();
      }
      const deadlines = t.app.get(Deadlines);
      expect(await deadlines.sweep(PLACEMENT_IMPORT)).toEqual({ swept: 0 });
      expect((await t.http.get(`/v1/imports/${importId}`).set(session.auth)).body.status).toBe('queued');
      t.clock.set('2024-06-30T12:01:00Z');
      try {
        expect(await deadlines.sweep(PLACEMENT_IMPORT)).toEqual({ swept: 1 });
        const { result } = await waitForImport(session, importId);
        expect(result).toMatchObject({ status: 'completed', counts: { created: 19, rejected: 1 } }); // row 7 is one of the bad ones
      } finally {
        t.clock.set('2024-06-30T12:00:00Z');
      }
      expect(await deadlines.sweep(PLACEMENT_IMPORT)).toEqual({ swept: 0 });
      expect(await countCases(session.orgId)).toBe(19);
    });

    it('refuses a file with a wrong header at once (422) and places nothing', async () => {
      const session = await aLender(t).build();
      const res = await t.http.post('/v1/cases/bulk').set(session.auth).attach('file', Buffer.from('ref,amount\nX,1\n'), { filename: 'bad.csv', contentType: 'text/csv' });
      const body = expectProblem(res, 422, 'import.bad_header');
      expect(body.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['ref', 'amount', 'external_ref']));
      expect(await t.db.query('SELECT 1 FROM placement_imports WHERE org_id = $1', [session.orgId])).toHaveLength(0);
    });

    it('answers 404 for another org’s import and its errors', async () => {
      const owner = await aLender(t).build();
      const imp = (await t.http.post('/v1/cases/bulk').set(owner.auth).send([row(1)])).body;
      const other = await aLender(t).build();
      expectProblem(await t.http.get(`/v1/imports/${imp.id}`).set(other.auth), 404, 'import.not_found');
      expectProblem(await t.http.get(`/v1/imports/${imp.id}/errors.csv`).set(other.auth), 404, 'import.not_found');
    });
  });
});
