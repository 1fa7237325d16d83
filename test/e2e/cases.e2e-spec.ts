import { DomainError } from '../../src/common/problem/problem';
import { CaseLifecycleService } from '../../src/cases/case-lifecycle.service';
import { aCaseRow } from '../support/cases';
import { addUser, aLender, anAgency, OrgSession } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

/** A complete placement row with interest and fees; override any field (borrower fields merge). */
const aCase = (overrides: Record<string, unknown> = {}) => aCaseRow({ principal: 1_250_000, interest: 48_210, fees: 3_500, ...overrides });

describe('cases', () => {
  let t: TestApp;
  let lender: OrgSession;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2024-06-30T12:00:00Z');
    lender = await aLender(t).build();
  });
  afterAll(() => t.close());

  const countCases = async (orgId: string) => Number((await t.db.query('SELECT count(*) AS n FROM cases WHERE org_id = $1', [orgId]))[0].n);

  describe('create, read, update', () => {
    it('creates a case with encrypted PII and answers it masked', async () => {
      const body = aCase({ vehicle: { vin: '1HGCM82633A004352', plate: 'ABC1234', plate_region: 'US-TX', make: 'Honda', model: 'Accord', year: 2003 } });
      const res = await t.http.post('/v1/cases').set(lender.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        external_ref: body.external_ref,
        status: 'new',
        product: 'auto_loan',
        balances: { principal: { amount: 1_250_000, currency: 'USD' }, total_due: { amount: 1_301_710, currency: 'USD' } },
        borrower: { name: 'J*** D***', phone: '+1 ***-***-0123', email: 'j***@example.com', national_id: '***6789', timezone: 'America/Chicago', region: 'US-TX' },
        pii: 'masked',
        flags: [],
        vehicle: { vin: '1HGCM82633A004352', status: 'financed' },
        delinquency: { as_of: '2024-06-30', days_past_due: 181, bucket: 'M4+', stage: 'late' },
      });
      const [stored] = await t.db.query('SELECT * FROM cases WHERE id = $1', [res.body.id]);
      const raw = JSON.stringify(stored);
      expect(raw).not.toContain('Jane');
      expect(raw).not.toContain('4155550123');
      expect(raw).not.toContain('123-45-6789');
      expect(stored.borrower_name_enc).toMatch(/^v1\./);
      expect(stored.borrower_phone_bidx).toMatch(/^[0-9a-f]{64}$/);
      const events = await t.db.query(`SELECT type FROM outbox_events WHERE aggregate_id IN ($1, $2) ORDER BY type`, [res.body.id, res.body.vehicle.id]);
      expect(events.map((e: { type: string }) => e.type)).toEqual(['case.placed', 'vehicle.created']);
    });

    it('refuses a second case with the same external_ref (409) and writes nothing', async () => {
      const body = aCase();
      expect((await t.http.post('/v1/cases').set(lender.auth).send(body)).status).toBe(201);
      const before = await countCases(lender.orgId);
      expectProblem(await t.http.post('/v1/cases').set(lender.auth).send(body), 409, 'case.external_ref_taken');
      expect(await countCases(lender.orgId)).toBe(before);
    });

    it('refuses an invalid case with field errors and writes nothing', async () => {
      const before = await countCases(lender.orgId);
      const res = await t.http
        .post('/v1/cases')
        .set(lender.auth)
        .send(aCase({ principal: 12.5, currency: 'XXQ', borrower: { name: 'A', timezone: '+05:00', region: 'Texas' }, colour: 'red' }));
      const body = expectProblem(res, 400, 'validation.failed');
      expect(body.errors!.map((e) => e.field).sort()).toEqual(['borrower.region', 'borrower.timezone', 'colour', 'currency', 'principal']);
      expect(await countCases(lender.orgId)).toBe(before);
    });

    it('reveals PII to the owning lender with ?reveal=pii and writes an audit entry', async () => {
      const created = await t.http.post('/v1/cases').set(lender.auth).send(aCase());
      const res = await t.http.get(`/v1/cases/${created.body.id}?reveal=pii`).set(lender.auth);
      expect(res.status).toBe(200);
      expect(res.body.pii).toBe('revealed');
      expect(res.body.borrower).toMatchObject({
        name: 'Jane Doe',
        phone: '+14155550123',
        email: 'jane.doe@example.com',
        national_id: '123-45-6789',
        address: { line1: '100 Main St', city: 'Austin', postal_code: '78701' },
      });
      const audit = await t.db.query(`SELECT * FROM audit_log WHERE action = 'case.pii_revealed' AND entity_id = $1`, [created.body.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_org_id: lender.orgId, actor_user_id: lender.userId, entity_type: 'case' });
      expect(JSON.stringify(audit[0].changes)).not.toContain('Jane');

      const masked = await t.http.get(`/v1/cases/${created.body.id}`).set(lender.auth);
      expect(masked.body.borrower.name).toBe('J*** D***');
      expect(masked.body.borrower.address).toEqual({ line1: '***', line2: null, city: 'Austin', postal_code: '78701' });
    });

    it('refuses reveal=pii to a viewer (403) and logs no unmasked read', async () => {
      const created = await t.http.post('/v1/cases').set(lender.auth).send(aCase());
      const viewer = await addUser(t, lender, 'viewer');
      expectProblem(await t.http.get(`/v1/cases/${created.body.id}?reveal=pii`).set(viewer.auth), 403, 'case.pii_reveal_forbidden');
      expect((await t.http.get(`/v1/cases/${created.body.id}`).set(viewer.auth)).status).toBe(200);
      expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'case.pii_revealed' AND entity_id = $1`, [created.body.id])).toHaveLength(0);
      expectProblem(await t.http.patch(`/v1/cases/${created.body.id}`).set(viewer.auth).send({ fees: 1 }), 403, 'auth.insufficient_role');
    });

    it('answers 404 to another lender and to a partner, for reads and writes', async () => {
      const created = await t.http.post('/v1/cases').set(lender.auth).send(aCase());
      const other = await aLender(t).build();
      const agency = await anAgency(t).build();
      for (const who of [other, agency]) {
        expectProblem(await t.http.get(`/v1/cases/${created.body.id}`).set(who.auth), 404, 'case.not_found');
        expectProblem(await t.http.get(`/v1/cases/${created.body.id}?reveal=pii`).set(who.auth), 404, 'case.not_found');
        const list = await t.http.get('/v1/cases').set(who.auth);
        expect(list.body.data).toEqual([]);
      }
      expectProblem(await t.http.patch(`/v1/cases/${created.body.id}`).set(other.auth).send({ fees: 1 }), 404, 'case.not_found');
      expectProblem(await t.http.post(`/v1/cases/${created.body.id}/flags`).set(other.auth).send({ flag: 'disputed', reason: 'x' }), 404, 'case.not_found');
      expectProblem(await t.http.patch(`/v1/cases/${created.body.id}`).set(agency.auth).send({ fees: 1 }), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post('/v1/cases').set(agency.auth).send(aCase()), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.get('/v1/cases/not-a-uuid').set(lender.auth), 404, 'case.not_found');
      const [row] = await t.db.query('SELECT fees, flags FROM cases WHERE id = $1', [created.body.id]);
      expect(row).toEqual({ fees: '3500', flags: [] });
    });

    it('patches balances and borrower fields, merging the address, and audits the change without PII', async () => {
      const created = await t.http.post('/v1/cases').set(lender.auth).send(aCase());
      const res = await t.http
        .patch(`/v1/cases/${created.body.id}`)
        .set(lender.auth)
        .send({ fees: 9_999, borrower: { phone: '+1 512 555 0199', address: { line2: 'Apt 7' } } });
      expect(res.status).toBe(200);
      expect(res.body.balances.fees).toEqual({ amount: 9_999, currency: 'USD' });
      expect(res.body.borrower.phone).toBe('+1 ***-***-0199');
      const revealed = await t.http.get(`/v1/cases/${created.body.id}?reveal=pii`).set(lender.auth);
      expect(revealed.body.borrower.address).toEqual({ line1: '100 Main St', line2: 'Apt 7', city: 'Austin', postal_code: '78701' });
      const [audit] = await t.db.query(`SELECT changes FROM audit_log WHERE action = 'case.updated' AND entity_id = $1`, [created.body.id]);
      expect(audit.changes).toEqual({ fees: { before: 3500, after: 9999 }, 'borrower.phone': 'changed', 'borrower.address': 'changed' });
      const [row] = await t.db.query('SELECT fingerprint FROM cases WHERE id = $1', [created.body.id]);
      expect(row.fingerprint).toBeNull();
    });

    it('refuses a PATCH of identity, flags or bad values, and changes nothing', async () => {
      const created = await t.http.post('/v1/cases').set(lender.auth).send(aCase());
      const body = expectProblem(
        await t.http.patch(`/v1/cases/${created.body.id}`).set(lender.auth).send({ external_ref: 'X', flags: ['bankruptcy'] }),
        400,
        'validation.failed',
      );
      expect(body.errors!.map((e) => e.field).sort()).toEqual(['external_ref', 'flags']);
      expectProblem(await t.http.patch(`/v1/cases/${created.body.id}`).set(lender.auth).send({ first_missed_due_date: '2020-01-01' }), 400, 'validation.failed');
      const [row] = await t.db.query('SELECT external_ref, first_missed_due_date::text AS d, flags FROM cases WHERE id = $1', [created.body.id]);
      expect(row).toEqual({ external_ref: created.body.external_ref, d: '2024-01-01', flags: [] });
    });
  });

  describe('delinquency as of a date', () => {
    let id: string;
    beforeAll(async () => {
      id = (await t.http.post('/v1/cases').set(lender.auth).send(aCase({ first_missed_due_date: '2024-01-01' }))).body.id;
    });

    it.each([
      ['2024-01-01', 0, 'current', 'early'],
      ['2024-01-02', 1, 'M1', 'early'],
      ['2024-01-31', 30, 'M1', 'early'],
      ['2024-02-01', 31, 'M2', 'early'],
      ['2024-03-01', 60, 'M2', 'late'],
      ['2024-03-02', 61, 'M3', 'late'],
      ['2024-03-31', 90, 'M3', 'late'],
      ['2024-04-01', 91, 'M4+', 'late'],
    ])('as of %s: %s days, %s, %s', async (asOf, days, bucket, stage) => {
      const res = await t.http.get(`/v1/cases/${id}?as_of=${asOf}`).set(lender.auth);
      expect(res.status).toBe(200);
      expect(res.body.delinquency).toEqual({ as_of: asOf, days_past_due: days, bucket, stage });
    });

    it('computes as of today by default, never a stale stored value', async () => {
      t.clock.set('2024-01-15T10:00:00Z');
      expect((await t.http.get(`/v1/cases/${id}`).set(lender.auth)).body.delinquency).toMatchObject({ days_past_due: 14, bucket: 'M1' });
      t.clock.set('2024-06-30T12:00:00Z');
      expect((await t.http.get(`/v1/cases/${id}`).set(lender.auth)).body.delinquency).toMatchObject({ days_past_due: 181, bucket: 'M4+' });
    });

    it('refuses a malformed as_of', async () => {
      expectProblem(await t.http.get(`/v1/cases/${id}?as_of=2024-02-30`).set(lender.auth), 400, 'validation.failed');
    });
  });

  describe('list, filters, sorting, export', () => {
    let owner: OrgSession;
    beforeAll(async () => {
      owner = await aLender(t).build();
      const rows = [
        aCase({ external_ref: 'A-1', interest: 0, fees: 0, first_missed_due_date: '2024-06-20', principal: 100_00, borrower: { ...(aCase().borrower as object), region: 'US-TX' } }), // 10 days, M1
        aCase({ external_ref: 'A-2', interest: 0, fees: 0, first_missed_due_date: '2024-05-15', principal: 500_00, product: 'credit_card' }), // 46, M2
        aCase({ external_ref: 'A-3', interest: 0, fees: 0, first_missed_due_date: '2024-04-15', principal: 900_00, borrower: { ...(aCase().borrower as object), region: 'US-CA', timezone: 'America/Los_Angeles' } }), // 76, M3
        aCase({ external_ref: 'A-4', interest: 0, fees: 0, first_missed_due_date: '2024-01-01', principal: 50_00, flags: ['bankruptcy'], vehicle: { vin: '1M8GDM9AXKP042788' } }), // 181, M4+
        aCase({ external_ref: 'A-5', interest: 0, fees: 0, first_missed_due_date: '2024-07-15', principal: 70_00, borrower: { ...(aCase().borrower as object), phone: '+12125550000' } }), // not yet due
      ];
      for (const row of rows) expect((await t.http.post('/v1/cases').set(owner.auth).send(row)).status).toBe(201);
    });

    const refs = async (query: string) => {
      const res = await t.http.get(`/v1/cases?${query}`).set(owner.auth);
      expect(res.status).toBe(200);
      return res.body.data.map((c: { external_ref: string }) => c.external_ref).sort();
    };

    it.each([
      ['bucket=M1', ['A-1']],
      ['bucket=M2,M3', ['A-2', 'A-3']],
      ['bucket=M4%2B', ['A-4']],
      ['bucket=current', ['A-5']],
      ['stage=late', ['A-3', 'A-4']],
      ['dpd_min=31&dpd_max=90', ['A-2', 'A-3']],
      ['dpd_min=100', ['A-4']],
      ['region=US-CA', ['A-3']],
      ['region=US', ['A-1', 'A-2', 'A-3', 'A-4', 'A-5']],
      ['product=credit_card', ['A-2']],
      ['balance_min=60000', ['A-3']],
      ['balance_max=9999', ['A-4', 'A-5']],
      ['flags=bankruptcy', ['A-4']],
      ['has_vehicle=true', ['A-4']],
      ['status=new&has_vehicle=false&flags=none&dpd_max=30', ['A-1', 'A-5']],
      ['borrower_phone=%2B1%20212%20555%200000', ['A-5']],
    ])('filters %s', async (query, expected) => {
      expect(await refs(query)).toEqual(expected);
    });

    it('computes bucket filters as of as_of', async () => {
      // A-1 is 30 days past due then (still M1), A-5 five days.
      expect(await refs('bucket=M1&as_of=2024-07-20')).toEqual(['A-1', 'A-5']);
    });

    it('sorts and pages with a keyset cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { data: { external_ref: string }[]; next_cursor: string | null } } = await t.http
          .get(`/v1/cases?sort=-days_past_due&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(owner.auth);
        seen.push(...res.body.data.map((c) => c.external_ref));
        cursor = res.body.next_cursor;
      } while (cursor);
      expect(seen).toEqual(['A-4', 'A-3', 'A-2', 'A-1', 'A-5']);
      const byBalance = await t.http.get('/v1/cases?sort=total_due').set(owner.auth);
      expect(byBalance.body.data.map((c: { external_ref: string }) => c.external_ref)).toEqual(['A-4', 'A-5', 'A-1', 'A-2', 'A-3']);
    });

    it('refuses bad filters and a cursor of another sort', async () => {
      expectProblem(await t.http.get('/v1/cases?bucket=M9').set(owner.auth), 400, 'validation.failed');
      expectProblem(await t.http.get('/v1/cases?sort=balance').set(owner.auth), 400, 'validation.failed');
      const first = await t.http.get('/v1/cases?limit=1').set(owner.auth);
      expectProblem(await t.http.get(`/v1/cases?limit=1&sort=total_due&cursor=${first.body.next_cursor}`).set(owner.auth), 400, 'validation.failed');
    });

    it('exports the filtered list as CSV with PII masked', async () => {
      const res = await t.http.get('/v1/cases/export.csv?stage=late&sort=external_ref').set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toMatch(/^id,external_ref,product,status/);
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('A-3');
      expect(lines[2]).toContain('A-4');
      expect(res.text).toContain('J*** D***');
      expect(res.text).not.toContain('Jane');
      expect(res.text).not.toContain('4155550123');
    });
  });

  describe('flags and status', () => {
    it('sets and clears a flag with a reason: audited, evented, and blocking listing while set', async () => {
      const created = await t.http.post('/v1/cases').set(lender.auth).send(aCase());
      const set = await t.http.post(`/v1/cases/${created.body.id}/flags`).set(lender.auth).send({ flag: 'bankruptcy', reason: 'Chapter 7 petition filed' });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ flags: ['bankruptcy'], on_hold: true, listing_blockers: [{ flag: 'bankruptcy', reason: expect.stringMatching(/§362/) }] });
      expectProblem(await t.http.post(`/v1/cases/${created.body.id}/flags`).set(lender.auth).send({ flag: 'bankruptcy', reason: 'again' }), 409, 'case.flag_already_set');
      expectProblem(await t.http.post(`/v1/cases/${created.body.id}/flags`).set(lender.auth).send({ flag: 'fraud', reason: 'x' }), 400, 'validation.failed');
      expectProblem(await t.http.post(`/v1/cases/${created.body.id}/flags`).set(lender.auth).send({ flag: 'disputed' }), 400, 'validation.failed');

      // Listing goes through the marketplace's CaseLifecycleService API, in its transaction.
      const cases = t.app.get(CaseLifecycleService);
      const attempt = t.db.transaction((m) => cases.markListed(m, lender.orgId, [created.body.id]));
      await expect(attempt).rejects.toBeInstanceOf(DomainError);
      await expect(t.db.transaction((m) => cases.markListed(m, lender.orgId, [created.body.id]))).rejects.toMatchObject({ code: 'case.listing_blocked', status: 422 });
      expect((await t.db.query('SELECT status FROM cases WHERE id = $1', [created.body.id]))[0].status).toBe('new');
      expectProblem(await t.http.post(`/v1/cases/${created.body.id}/status`).set(lender.auth).send({ status: 'listed' }), 422, 'case.status_not_settable');

      const cleared = await t.http.delete(`/v1/cases/${created.body.id}/flags/bankruptcy`).set(lender.auth).send({ reason: 'Petition dismissed' });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ flags: [], on_hold: false, listing_blockers: [] });
      expectProblem(await t.http.delete(`/v1/cases/${created.body.id}/flags/bankruptcy`).set(lender.auth).send({ reason: 'again' }), 409, 'case.flag_not_set');

      const audit = await t.db.query(`SELECT action, changes FROM audit_log WHERE entity_id = $1 AND action LIKE 'case.flag%' ORDER BY created_at`, [created.body.id]);
      expect(audit).toEqual([
        { action: 'case.flag_set', changes: { flags: { before: [], after: ['bankruptcy'] }, flag: 'bankruptcy', reason: 'Chapter 7 petition filed' } },
        { action: 'case.flag_cleared', changes: { flags: { before: ['bankruptcy'], after: [] }, flag: 'bankruptcy', reason: 'Petition dismissed' } },
      ]);
      const events = await t.db.query(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 AND type LIKE 'case.flag%' ORDER BY seq`, [created.body.id]);
      expect(events.map((e: { type: string }) => e.type)).toEqual(['case.flag_set', 'case.flag_cleared']);
      expect(events[0].payload).toMatchObject({ flag: 'bankruptcy', on_hold: true });

      const listed = await t.db.transaction((m) => cases.markListed(m, lender.orgId, [created.body.id]));
      expect(listed[0].status).toBe('listed');
    });

    it('moves along the case machine and refuses illegal transitions with 409 naming current and requested', async () => {
      const created = await t.http.post('/v1/cases').set(lender.auth).send(aCase());
      const off = await t.http.post(`/v1/cases/${created.body.id}/status`).set(lender.auth).send({ status: 'written_off', reason: 'uncollectable' });
      expect(off.status).toBe(200);
      expect(off.body.status).toBe('written_off');
      const refused = expectProblem(await t.http.post(`/v1/cases/${created.body.id}/status`).set(lender.auth).send({ status: 'resolved' }), 409, 'case.illegal_transition');
      expect(refused).toMatchObject({ current: 'written_off', requested: 'resolved', allowed: ['new'] });
      expect((await t.db.query('SELECT status FROM cases WHERE id = $1', [created.body.id]))[0].status).toBe('written_off');

      expect((await t.http.post(`/v1/cases/${created.body.id}/status`).set(lender.auth).send({ status: 'new' })).body.status).toBe('new');
      expect((await t.http.post(`/v1/cases/${created.body.id}/status`).set(lender.auth).send({ status: 'resolved' })).body.status).toBe('resolved');
      expectProblem(await t.http.post(`/v1/cases/${created.body.id}/status`).set(lender.auth).send({ status: 'new' }), 409, 'case.illegal_transition');
      const cases = t.app.get(CaseLifecycleService);
      await expect(t.db.transaction((m) => cases.markAssigned(m, lender.orgId, [created.body.id], lender.orgId))).rejects.toMatchObject({
        code: 'case.illegal_transition',
        status: 409,
      });
      const events = await t.db.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'case.status_changed' ORDER BY seq`, [created.body.id]);
      expect(events.map((e: { payload: { to: string } }) => e.payload.to)).toEqual(['written_off', 'new', 'resolved']);
    });

    it('gives the marketplace a lender’s cases with balance, bucket and region, and assigns them in its transaction', async () => {
      const a = (await t.http.post('/v1/cases').set(lender.auth).send(aCase({ first_missed_due_date: '2024-05-01' }))).body;
      const other = await aLender(t).build();
      const foreign = (await t.http.post('/v1/cases').set(other.auth).send(aCase())).body;
      const cases = t.app.get(CaseLifecycleService);
      const loaded = await t.db.transaction((m) => cases.loadForMarketplace(m, lender.orgId, [a.id, foreign.id], { lock: true }));
      expect(loaded).toEqual([
        expect.objectContaining({ id: a.id, status: 'new', region: 'US-TX', balance: { amount: 1_301_710, currency: 'USD' }, delinquency: { days_past_due: 60, bucket: 'M2', stage: 'late' }, listingBlockers: [] }),
      ]);
      const agency = await anAgency(t).build();
      await t.db.transaction(async (m) => {
        await cases.markListed(m, lender.orgId, [a.id]);
        await cases.markAssigned(m, lender.orgId, [a.id], agency.orgId);
      });
      const [row] = await t.db.query('SELECT status, assigned_org_id FROM cases WHERE id = $1', [a.id]);
      expect(row).toEqual({ status: 'assigned', assigned_org_id: agency.orgId });
      await expect(t.db.transaction((m) => cases.markListed(m, lender.orgId, [foreign.id]))).rejects.toMatchObject({ code: 'case.not_found', status: 404 });
    });

    it('refuses a hand move of a listed or assigned case with 409 case.held_by_marketplace, writing nothing', async () => {
      const cases = t.app.get(CaseLifecycleService);
      const agency = await anAgency(t).build();
      const listed = (await t.http.post('/v1/cases').set(lender.auth).send(aCase())).body;
      const assigned = (await t.http.post('/v1/cases').set(lender.auth).send(aCase())).body;
      await t.db.transaction(async (m) => {
        await cases.markListed(m, lender.orgId, [listed.id, assigned.id]);
        await cases.markAssigned(m, lender.orgId, [assigned.id], agency.orgId);
      });
      const trail = async (id: string) => ({
        row: (await t.db.query('SELECT status, assigned_org_id, updated_at FROM cases WHERE id = $1', [id]))[0],
        events: (await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1`, [id]))[0].n,
        audit: (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'case.status_changed'`, [id]))[0].n,
      });
      for (const [c, current] of [[listed, 'listed'], [assigned, 'assigned']] as const) {
        const before = await trail(c.id);
        for (const status of ['new', 'resolved', 'written_off']) {
          const body = expectProblem(await t.http.post(`/v1/cases/${c.id}/status`).set(lender.auth).send({ status, reason: 'by hand' }), 409, 'case.held_by_marketplace');
          expect(body).toMatchObject({ current });
          expect(body.detail).toContain('listing');
        }
        expect(await trail(c.id)).toEqual(before);
      }
      // The listing and job flows still move it.
      await t.db.transaction((m) => cases.moveStatus(m, lender.orgId, [listed.id], 'new', { reason: 'listing cancelled' }));
      expect((await t.http.post(`/v1/cases/${listed.id}/status`).set(lender.auth).send({ status: 'written_off' })).body.status).toBe('written_off');
    });
  });
});
