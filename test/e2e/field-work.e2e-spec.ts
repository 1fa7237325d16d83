import { lastDaytime } from '../support/daytime';
import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, aPartner, count, placeCase, usd } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

/** A North-American VIN with a correct ISO 3779 check digit (position 9), distinct per `n`. */
function aVin(n: number): string {
  const body = `1HGCM826_3A${String(100_000 + n).slice(-6)}`;
  const value = (c: string) => (/\d/.test(c) ? Number(c) : 'ABCDEFGH'.includes(c) ? 'ABCDEFGH'.indexOf(c) + 1 : 'JKLMN'.includes(c) ? 'JKLMN'.indexOf(c) + 1 : c === 'P' ? 7 : c === 'R' ? 9 : 'STUVWXYZ'.indexOf(c) + 2);
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = [...body].reduce((acc, c, i) => acc + (c === '_' ? 0 : value(c) * weights[i]!), 0);
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return body.replace('_', check);
}

describe('field work: lifecycle, partner access, progress events, holds (issue 12)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let repoSchedule: string;
  let agency: OrgSession;
  let tow: OrgSession;
  let vinSeq = 0;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    repoSchedule = await aFeeSchedule(t, lender, { currency: 'USD', flat_fees: { repossession: usd(45_000) } });
    agency = await aPartner(t, admin);
    tow = await aPartner(t, admin, { kind: 'tow_operator', capabilities: ['repossession'] });
  });
  afterAll(() => t.close());

  const caseRow = async (id: string) => (await t.db.query('SELECT status, assigned_org_id FROM cases WHERE id = $1', [id]))[0];
  const jobRow = async (id: string) => (await t.db.query('SELECT status, outcome, hold_reason, hold_acknowledged_at, resume_status FROM jobs WHERE id = $1', [id]))[0];
  const vehicleStatus = async (id: string) => (await t.db.query('SELECT status FROM vehicles WHERE id = $1', [id]))[0].status;
  const eventsOf = (jobId: string) => count(t, 'SELECT count(*) AS n FROM job_events WHERE job_id = $1', [jobId]);
  const outbox = (type: string, jobId: string) => count(t, 'SELECT count(*) AS n FROM outbox_events WHERE type = $1 AND aggregate_id = $2', [type, jobId]);

  /** A collection job offered directly to the agency and accepted. */
  async function collectionJob(partner = agency, accept = true) {
    const caseId = await placeCase(t, lender);
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined }));
    expect(res.status).toBe(201);
    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [res.body.id]);
    if (accept) expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(partner.auth)).status).toBe(200);
    return { caseId, jobId: job.id as string };
  }

  /** A repossession job on a vehicle (its case linked), offered to the tow operator and accepted. */
  async function repossessionJob(caseId?: string) {
    const c = caseId ?? (await placeCase(t, lender));
    const vehicle = await t.http
      .post('/v1/vehicles')
      .set(lender.auth)
      .send({ vin: aVin(++vinSeq), case_id: c, plate: `REPO${vinSeq}`, plate_region: 'US-TX', make: 'Honda', model: 'Accord', year: 2019, colour: 'blue', keys_available: false });
    expect(vehicle.status).toBe(201);
    const res = await t.http
      .post('/v1/listings')
      .set(lender.auth)
      .send({ kind: 'repossession', vehicle_id: vehicle.body.id, bidding_mode: 'direct', direct_partner_id: tow.orgId, fee_schedule_id: repoSchedule, bounds: { max_flat_fee: usd(45_000) } });
    expect(res.status).toBe(201);
    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [res.body.id]);
    expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(tow.auth)).status).toBe(200);
    return { caseId: c, jobId: job.id as string, vehicleId: vehicle.body.id as string };
  }

  describe('lifecycle', () => {
    it('start moves job and case; complete with an outcome resolves the case; a second complete is 409 naming current, requested, allowed', async () => {
      const { caseId, jobId } = await collectionJob();
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/complete`).set(agency.auth).send({ outcome: 'paid_in_full' }), 409, 'job.illegal_transition');
      const started = await t.http.post(`/v1/jobs/${jobId}/start`).set(agency.auth);
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ status: 'in_progress', started_at: expect.any(String) });
      expect(await caseRow(caseId)).toEqual({ status: 'in_progress', assigned_org_id: agency.orgId });
      const again = expectProblem(await t.http.post(`/v1/jobs/${jobId}/start`).set(agency.auth), 409, 'job.illegal_transition');
      expect(again).toMatchObject({ current: 'in_progress', requested: 'in_progress', allowed: ['completed', 'on_hold', 'returned', 'recalled', 'cancelled'] });
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/complete`).set(agency.auth).send({ outcome: 'vehicle_recovered' }), 422, 'job.outcome_refused');
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/complete`).set(agency.auth).send({ outcome: 'nope' }), 400, 'validation.failed');
      expect(await jobRow(jobId)).toMatchObject({ status: 'in_progress', outcome: null });
      const done = await t.http.post(`/v1/jobs/${jobId}/complete`).set(agency.auth).send({ outcome: 'paid_in_full' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', outcome: 'paid_in_full', ended_at: expect.any(String) });
      expect(await caseRow(caseId)).toEqual({ status: 'resolved', assigned_org_id: null });
      const body = expectProblem(await t.http.post(`/v1/jobs/${jobId}/complete`).set(agency.auth).send({ outcome: 'paid_in_full' }), 409, 'job.illegal_transition');
      expect(body).toMatchObject({ current: 'completed', requested: 'completed', allowed: [] });
      expect(await outbox('job.started', jobId)).toBe(1);
      expect(await outbox('job.completed', jobId)).toBe(1);
    });

    it('payment_plan outcome keeps the partner on the case', async () => {
      const { caseId, jobId } = await collectionJob();
      await t.http.post(`/v1/jobs/${jobId}/start`).set(agency.auth);
      expect((await t.http.post(`/v1/jobs/${jobId}/complete`).set(agency.auth).send({ outcome: 'payment_plan' })).status).toBe(200);
      expect(await caseRow(caseId)).toEqual({ status: 'payment_plan', assigned_org_id: agency.orgId });
    });

    it('the partner returns with a reason, the case becomes returned and is re-listed in one call', async () => {
      const { caseId, jobId } = await collectionJob();
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/return`).set(agency.auth).send({}), 400, 'validation.failed');
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/return`).set(lender.auth).send({ reason: 'not yours' }), 403, 'auth.wrong_org_kind');
      const agent = await addUser(t, agency, 'agent');
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/return`).set(agent.auth).send({ reason: 'agents may not' }), 403, 'auth.insufficient_role');
      expect(await jobRow(jobId)).toMatchObject({ status: 'accepted' });
      const res = await t.http.post(`/v1/jobs/${jobId}/return`).set(agency.auth).send({ reason: 'borrower moved out of our area' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'returned', end_reason: 'borrower moved out of our area' });
      expect(await caseRow(caseId)).toEqual({ status: 'returned', assigned_org_id: null });
      const relist = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId]));
      expect(relist.status).toBe(201);
      expect((await caseRow(caseId)).status).toBe('listed');
    });

    it('the lender recalls or cancels; another org gets 404; a cancelled repossession order cancels the vehicle order', async () => {
      const { caseId, jobId } = await collectionJob();
      const stranger = await aLender(t).build();
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/recall`).set(stranger.auth).send({ reason: 'not mine' }), 404, 'job.not_found');
      expect((await t.http.post(`/v1/jobs/${jobId}/recall`).set(lender.auth).send({ reason: 'moving the portfolio in house' })).body).toMatchObject({ status: 'recalled' });
      expect(await caseRow(caseId)).toEqual({ status: 'recalled', assigned_org_id: null });
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/cancel`).set(lender.auth).send({ reason: 'too late' }), 409, 'job.illegal_transition');

      const repo = await repossessionJob();
      expect((await t.http.post(`/v1/jobs/${repo.jobId}/cancel`).set(lender.auth).send({ reason: 'borrower reinstated the loan' })).body).toMatchObject({ status: 'cancelled' });
      expect(await vehicleStatus(repo.vehicleId)).toBe('order_cancelled');
      expect((await caseRow(repo.caseId)).status).toBe('recalled');
    });
  });

  describe('partner access to the work', () => {
    it('the agency reads full contacts (audited), never the national id; 404 after the job ends and for another partner', async () => {
      const { caseId, jobId } = await collectionJob();
      const other = await aPartner(t, admin);
      const res = await t.http.get(`/v1/jobs/${jobId}`).set(agency.auth);
      expect(res.status).toBe(200);
      const [work] = res.body.work.cases;
      expect(work).toMatchObject({ id: caseId, borrower: { name: 'Jane Doe', phone: '+14155550123', email: 'jane.doe@example.com', address: { line1: '100 Main St', city: 'Austin' } } });
      expect(JSON.stringify(res.body)).not.toContain('123-45-6789');
      const one = await t.http.get(`/v1/jobs/${jobId}/cases/${caseId}`).set(agency.auth);
      expect(one.status).toBe(200);
      expect(one.body.borrower.phone).toBe('+14155550123');
      expect(await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'case.pii_revealed' AND entity_id = $1 AND actor_org_id = $2`, [caseId, agency.orgId])).toBe(2);
      expect((await t.http.get(`/v1/jobs/${jobId}`).set(lender.auth)).body.work).toBeNull();
      expectProblem(await t.http.get(`/v1/jobs/${jobId}/cases/${caseId}`).set(other.auth), 404, 'job.not_found');
      expectProblem(await t.http.get(`/v1/jobs/${jobId}`).set(other.auth), 404, 'job.not_found');
      await t.http.post(`/v1/jobs/${jobId}/recall`).set(lender.auth).send({ reason: 'pulled' });
      expectProblem(await t.http.get(`/v1/jobs/${jobId}/cases/${caseId}`).set(agency.auth), 404, 'job.not_found');
      expect((await t.http.get(`/v1/jobs/${jobId}`).set(agency.auth)).body.work).toBeNull();
    });

    it('the tow operator reads the vehicle and addresses, not phone, e-mail or national id', async () => {
      const { caseId, jobId, vehicleId } = await repossessionJob();
      const res = await t.http.get(`/v1/jobs/${jobId}/cases/${caseId}`).set(tow.auth);
      expect(res.status).toBe(200);
      expect(res.body.vehicle).toMatchObject({ id: vehicleId, plate: expect.stringMatching(/^REPO/), plate_region: 'US-TX', make: 'Honda', model: 'Accord', year: 2019, colour: 'blue', keys_available: false });
      expect(res.body.borrower).toMatchObject({ address: { line1: '100 Main St' }, phone: null, email: null });
      expect(JSON.stringify(res.body)).not.toContain('123-45-6789');
      expect(await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'case.pii_revealed' AND entity_id = $1 AND actor_org_id = $2`, [caseId, tow.orgId])).toBe(1);
    });
  });

  describe('progress events', () => {
    it('walks a repossession: located → recovered → stored move the vehicle; the first event starts the job; the timeline pages', async () => {
      const { caseId, jobId, vehicleId } = await repossessionJob();
      const located = await t.http.post(`/v1/jobs/${jobId}/events`).set(tow.auth).send({ type: 'vehicle_located', position: { latitude: 30.27, longitude: -97.74 }, source: 'lpr', occurred_at: '2026-01-05T10:00:00.000Z' });
      expect(located.status).toBe(201);
      expect(located.body).toMatchObject({ type: 'vehicle_located', source: 'lpr', occurred_at: '2026-01-05T10:00:00.000Z', recorded_at: expect.any(String), after_hold: false });
      expect(await jobRow(jobId)).toMatchObject({ status: 'in_progress' });
      expect(await caseRow(caseId)).toMatchObject({ status: 'in_progress' });
      expect(await vehicleStatus(vehicleId)).toBe('located');
      expect((await t.db.query('SELECT last_latitude FROM vehicles WHERE id = $1', [vehicleId]))[0].last_latitude).toBe(30.27);
      const recovered = await t.http
        .post(`/v1/jobs/${jobId}/events`)
        .set(tow.auth)
        .send({ type: 'vehicle_recovered', mode: 'involuntary', odometer: 81_230, keys_recovered: false, personal_property: [{ description: 'child seat' }], condition_report: { notes: 'scratch rear bumper' } });
      expect(recovered.status).toBe(201);
      expect(await vehicleStatus(vehicleId)).toBe('recovered');
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/events`).set(tow.auth).send({ type: 'vehicle_recovered', mode: 'voluntary', odometer: 1 }), 409, 'job.vehicle_state');
      expect((await t.http.post(`/v1/jobs/${jobId}/events`).set(tow.auth).send({ type: 'vehicle_stored', yard_id: '00000000-0000-4000-8000-000000000001' })).status).toBe(201);
      expect(await vehicleStatus(vehicleId)).toBe('in_storage');
      expect(await outbox('vehicle.recovered', vehicleId)).toBe(1);
      expect(await outbox('vehicle.stored', vehicleId)).toBe(1);
      expect(await outbox('job.progress', jobId)).toBe(3);
      const first = await t.http.get(`/v1/jobs/${jobId}/events?limit=2`).set(lender.auth);
      expect(first.body.data.map((e: { type: string }) => e.type)).toEqual(['vehicle_stored', 'vehicle_recovered']);
      const second = await t.http.get(`/v1/jobs/${jobId}/events?limit=2&cursor=${first.body.next_cursor}`).set(tow.auth);
      expect(second.body).toMatchObject({ data: [{ type: 'vehicle_located' }], next_cursor: null });
      expect((await t.http.post(`/v1/jobs/${jobId}/complete`).set(tow.auth).send({ outcome: 'vehicle_recovered' })).body).toMatchObject({ status: 'completed' });
      expect((await caseRow(caseId)).status).toBe('returned');
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/events`).set(tow.auth).send({ type: 'note', text: 'after the end' }), 409, 'job.not_active');
      expect(await eventsOf(jobId)).toBe(3);
    });

    it('a collection job: contact attempt, promise, payment, skip trace (contacts added, encrypted); the append-only table refuses edits', async () => {
      const { caseId, jobId } = await collectionJob();
      for (const body of [
        // Inside the borrower's contact window whatever the hour the suite runs (issue 13): the last 18:00 UTC.
        { type: 'contact_attempt', channel: 'call', outcome: 'right_party_contact', contact_used: '+14155550123', duration_seconds: 240, occurred_at: lastDaytime() },
        { type: 'promise_to_pay', amount: usd(50_000), date: '2026-02-01' },
        { type: 'payment_reported', amount: usd(20_000), date: '2026-01-10', method: 'card', reference: 'TX-1' },
        { type: 'skip_trace_result', phone: '+15125550199', address: { line1: '9 Elm St', city: 'Dallas', postal_code: '75201' }, source: 'bureau', confidence: 80 },
        { type: 'legal_action', action: 'demand_letter' },
        { type: 'note', text: 'first visit planned' },
      ]) {
        const res = await t.http.post(`/v1/jobs/${jobId}/events`).set(agency.auth).send(body);
        expect([res.status, res.body.type]).toEqual([201, body.type]);
      }
      const [stored] = await t.db.query(`SELECT payload, pii_enc FROM job_events WHERE job_id = $1 AND type = 'skip_trace_result'`, [jobId]);
      expect(stored.pii_enc).not.toContain('5125550199');
      expect(JSON.stringify(stored.payload)).not.toContain('5125550199');
      const contacts = await t.db.query('SELECT kind, source, confidence, value_enc FROM case_contacts WHERE case_id = $1 ORDER BY kind', [caseId]);
      expect(contacts.map((c: { kind: string }) => c.kind)).toEqual(['address', 'phone']);
      expect(contacts[1].value_enc).not.toContain('5125550199');
      const work = await t.http.get(`/v1/jobs/${jobId}/cases/${caseId}`).set(agency.auth);
      expect(work.body.contacts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'phone', value: '+15125550199', source: 'bureau', confidence: 80 })]));
      await expect(t.db.query(`UPDATE job_events SET type = 'note' WHERE job_id = $1`, [jobId])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM job_events WHERE job_id = $1`, [jobId])).rejects.toThrow(/append-only/);
    });

    it('refuses bad fields (400 with field errors), the wrong kind (422) and the wrong role; nothing written', async () => {
      const { jobId } = await collectionJob();
      const cases: [Record<string, unknown>, string][] = [
        [{ type: 'teleport' }, 'type'],
        [{ type: 'note' }, 'text'],
        [{ type: 'note', text: 'x', colour: 'red' }, 'colour'],
        [{ type: 'note', text: 'x', occurred_at: '2999-01-01T00:00:00Z' }, 'occurred_at'],
        [{ type: 'contact_attempt', channel: 'pigeon', outcome: 'no_answer' }, 'channel'],
        [{ type: 'promise_to_pay', amount: { amount: 10.5, currency: 'USD' }, date: '2026-02-01' }, 'amount.amount'],
        [{ type: 'promise_to_pay', amount: usd(100), date: '2026-02-30' }, 'date'],
        [{ type: 'payment_reported', amount: usd(100), date: '2026-01-01', method: 'barter' }, 'method'],
        [{ type: 'skip_trace_result', source: 'bureau' }, 'phone'],
        [{ type: 'skip_trace_result', phone: '+15125550199', source: 'bureau', confidence: 101 }, 'confidence'],
        [{ type: 'legal_action', action: 'duel' }, 'action'],
        [{ type: 'note', text: 'x', case_id: '00000000-0000-4000-8000-000000000009' }, 'case_id'],
      ];
      for (const [body, field] of cases) {
        const problem = expectProblem(await t.http.post(`/v1/jobs/${jobId}/events`).set(agency.auth).send(body), 400, 'validation.failed');
        expect(problem.errors?.map((e) => e.field)).toContain(field);
      }
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/events`).set(agency.auth).send({ type: 'vehicle_recovered', mode: 'voluntary', odometer: 1 }), 422, 'job.event_not_for_kind');
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/events`).set(lender.auth).send({ type: 'note', text: 'lender' }), 403, 'auth.wrong_org_kind');
      expect(await eventsOf(jobId)).toBe(0);
      expect(await jobRow(jobId)).toMatchObject({ status: 'accepted' });
    });

    it('validates the repossession types too', async () => {
      const { jobId } = await repossessionJob();
      for (const [body, field] of [
        [{ type: 'vehicle_located', position: { latitude: 91, longitude: 0 }, source: 'gps' }, 'position.latitude'],
        [{ type: 'vehicle_located', position: { latitude: 1, longitude: 0 }, source: 'psychic' }, 'source'],
        [{ type: 'vehicle_recovered', mode: 'involuntary', odometer: -1 }, 'odometer'],
        [{ type: 'vehicle_recovered', mode: 'involuntary', odometer: 5, personal_property: [{}] }, 'personal_property[0].description'],
        [{ type: 'vehicle_stored', yard_id: 'yard-1' }, 'yard_id'],
        [{ type: 'vehicle_transported', from: 'A', to: 'B', distance_m: 1.5 }, 'distance_m'],
      ] as [Record<string, unknown>, string][]) {
        const problem = expectProblem(await t.http.post(`/v1/jobs/${jobId}/events`).set(tow.auth).send(body), 400, 'validation.failed');
        expect(problem.errors?.map((e) => e.field)).toContain(field);
      }
      expectProblem(await t.http.post(`/v1/jobs/${jobId}/events`).set(tow.auth).send({ type: 'promise_to_pay', amount: usd(1), date: '2026-02-01' }), 422, 'job.event_not_for_kind');
      expect(await eventsOf(jobId)).toBe(0);
    });
  });

  describe('holds', () => {
    it('a bankruptcy flag puts the repossession and the collection job on the case on hold in one transaction; 20 parallel flags do it once', async () => {
      const caseId = await placeCase(t, lender);
      const collection = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: agency.orgId, deadline: undefined }));
      const [cJob] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [collection.body.id]);
      await t.http.post(`/v1/jobs/${cJob.id}/accept`).set(agency.auth);
      await t.http.post(`/v1/jobs/${cJob.id}/start`).set(agency.auth);
      // The same case under a repossession order too (a second job on it, as a lender running both does).
      const repo = await repossessionJobOn(caseId);
      const answers = await Promise.all(Array.from({ length: 20 }, () => t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'bankruptcy', reason: 'chapter 7 petition filed' })));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      expect(answers.filter((r) => r.status === 409)).toHaveLength(19);
      expect(await jobRow(cJob.id)).toMatchObject({ status: 'on_hold', resume_status: 'in_progress', hold_reason: expect.stringContaining('bankruptcy') });
      expect(await jobRow(repo.jobId)).toMatchObject({ status: 'on_hold', resume_status: 'accepted' });
      const listed = await t.http.get(`/v1/jobs?case_id=${caseId}&status=on_hold`).set(lender.auth);
      expect(listed.body.data.map((j: { id: string }) => j.id).sort()).toEqual([cJob.id, repo.jobId].sort());
      expect((await t.http.get(`/v1/jobs?case_id=${caseId}&kind=repossession&partner_id=${tow.orgId}`).set(lender.auth)).body.data.map((j: { id: string }) => j.id)).toEqual([repo.jobId]);
      expect(await outbox('job.on_hold', cJob.id)).toBe(1);
      expect(await outbox('job.on_hold', repo.jobId)).toBe(1);
      // One transaction: the case row and both job rows were last written by the same transaction id.
      const [flagged] = await t.db.query('SELECT xmin::text AS tx FROM cases WHERE id = $1', [caseId]);
      const held = await t.db.query('SELECT xmin::text AS tx FROM jobs WHERE id = ANY($1)', [[cJob.id, repo.jobId]]);
      expect(held.map((h: { tx: string }) => h.tx)).toEqual([flagged.tx, flagged.tx]);

      // Only a hold acknowledgment is accepted; a recovery after the hold is stored, flagged and alerted.
      expectProblem(await t.http.post(`/v1/jobs/${cJob.id}/events`).set(agency.auth).send({ type: 'note', text: 'still calling' }), 409, 'job.on_hold');
      expectProblem(await t.http.post(`/v1/jobs/${cJob.id}/complete`).set(agency.auth).send({ outcome: 'paid_in_full' }), 409, 'job.illegal_transition');
      expectProblem(await t.http.post(`/v1/jobs/${repo.jobId}/start`).set(tow.auth), 409, 'job.on_hold');
      expect((await t.http.post(`/v1/jobs/${cJob.id}/acknowledge-hold`).set(agency.auth)).body.hold).toMatchObject({ acknowledged_at: expect.any(String) });
      expectProblem(await t.http.post(`/v1/jobs/${cJob.id}/acknowledge-hold`).set(agency.auth), 409, 'job.hold_already_acknowledged');
      expect(await outbox('job.hold_acknowledged', cJob.id)).toBe(1);
      const wrongful = await t.http.post(`/v1/jobs/${repo.jobId}/events`).set(tow.auth).send({ type: 'vehicle_recovered', mode: 'involuntary', odometer: 10 });
      expect(wrongful.status).toBe(201);
      expect(wrongful.body.after_hold).toBe(true);
      expect(await outbox('compliance.alert', repo.jobId)).toBe(1);
      expect((await jobRow(repo.jobId)).status).toBe('on_hold');

      // The lender may resume only once the flag is lifted.
      expectProblem(await t.http.post(`/v1/jobs/${cJob.id}/resume`).set(lender.auth), 409, 'job.hold_still_applies');
      expect((await t.http.delete(`/v1/cases/${caseId}/flags/bankruptcy`).set(lender.auth).send({ reason: 'petition dismissed' })).status).toBe(200);
      expect((await t.http.post(`/v1/jobs/${cJob.id}/resume`).set(lender.auth)).body).toMatchObject({ status: 'in_progress', hold: null });
      expect((await t.http.post(`/v1/jobs/${cJob.id}/events`).set(agency.auth).send({ type: 'note', text: 'back to work' })).status).toBe(201);
    });

    it('a case resolved by its lender cancels the open job on it', async () => {
      const { caseId, jobId } = await collectionJob();
      await t.http.post(`/v1/jobs/${jobId}/start`).set(agency.auth);
      const res = await t.http.post(`/v1/cases/${caseId}/status`).set(lender.auth).send({ status: 'resolved', reason: 'paid the lender directly' });
      expect(res.status).toBe(200);
      expect(await jobRow(jobId)).toMatchObject({ status: 'cancelled' });
      expect(await outbox('job.cancelled', jobId)).toBe(1);
      expectProblem(await t.http.get(`/v1/jobs/${jobId}/cases/${caseId}`).set(agency.auth), 404, 'job.not_found');
    });
  });

  /** A second, repossession job on a case that already has a collection job (inserted as the award would: the case stays with its first partner). */
  async function repossessionJobOn(caseId: string) {
    const vehicle = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: aVin(++vinSeq), case_id: caseId, plate: `HOLD${vinSeq}`, plate_region: 'US-TX' });
    expect(vehicle.status).toBe(201);
    const [source] = await t.db.query('SELECT * FROM jobs WHERE $1 = ANY(case_ids) LIMIT 1', [caseId]);
    const [job] = await t.db.query(
      `INSERT INTO jobs (id, listing_id, award_id, lot_key, title, role, kind, lender_org_id, partner_org_id, status, case_ids, vehicle_id, fee_schedule_id, frozen_terms, offer_round, accept_deadline, offered_at, accepted_at, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'repo', 'Repossession', 'champion', 'repossession', $3, $4, 'accepted', ARRAY[$5]::uuid[], $6, $7, $8, 1, now(), now(), now(), now(), now()) RETURNING id`,
      [source.listing_id, source.award_id, lender.orgId, tow.orgId, caseId, vehicle.body.id, source.fee_schedule_id, source.frozen_terms],
    );
    await t.db.query(`UPDATE vehicles SET status = 'repo_ordered' WHERE id = $1`, [vehicle.body.id]);
    return { jobId: job.id as string, vehicleId: vehicle.body.id as string };
  }
});
