import { lastDaytime } from '../support/daytime';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, aPartner, placeCase, usd } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('field work: the lender’s views — case timeline and job rows (issue 12)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let agency: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).named('Lone Star Auto Credit').build();
    schedule = await aFeeSchedule(t, lender);
    agency = await aPartner(t, admin);
  });
  afterAll(() => t.close());

  async function workedCase() {
    const caseId = await placeCase(t, lender, { principal: 750_000 });
    expect((await t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'disputed', reason: 'borrower disputes the balance' })).status).toBe(200);
    expect((await t.http.delete(`/v1/cases/${caseId}/flags/disputed`).set(lender.auth).send({ reason: 'dispute verified' })).status).toBe(200);
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: agency.orgId, deadline: undefined, title: 'Austin early-stage' }));
    expect(listing.status).toBe(201);
    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [listing.body.id]);
    expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(agency.auth)).status).toBe(200);
    for (const body of [
      { type: 'contact_attempt', channel: 'call', outcome: 'right_party_contact', contact_used: '+14155550123', occurred_at: lastDaytime() },
      { type: 'promise_to_pay', amount: usd(20_000), date: new Date().toISOString().slice(0, 10) },
      { type: 'note', text: 'borrower will pay Friday' },
    ]) {
      expect((await t.http.post(`/v1/jobs/${job.id}/events`).set(agency.auth).send(body)).status).toBe(201);
    }
    return { caseId, jobId: job.id as string };
  }

  it('merges the case’s history with its jobs’ lifecycle and progress, newest first, cursor-paged, without the PII reports carry', async () => {
    const { caseId, jobId } = await workedCase();
    const seen: { id: string; source: string; type: string; job_id: string | null; at: string; data: Record<string, unknown> }[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { data: typeof seen; next_cursor: string | null } } = await t.http.get(`/v1/cases/${caseId}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}`).set(lender.auth);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.data);
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect([...seen].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((e) => e.at)).toEqual(seen.map((e) => e.at));
    const kinds = seen.map((e) => `${e.source}:${e.type}`);
    for (const expected of ['case:case.placed', 'case:case.flag_set', 'case:case.flag_cleared', 'case:case.status_changed', 'job:job.offered', 'job:job.accepted', 'job:job.started', 'progress:contact_attempt', 'progress:promise_to_pay', 'progress:note']) {
      expect(kinds).toContain(expected);
    }
    expect(kinds).not.toContain('job:job.progress');
    expect(seen.filter((e) => e.source !== 'case').every((e) => e.job_id === jobId)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain('+14155550123');
    expect(seen[0]).toMatchObject({ source: 'progress', type: 'note', data: { text: 'borrower will pay Friday', after_hold: false } });
  });

  it('refuses: another lender 404, a partner 403, a bad id 404, a tampered cursor 400', async () => {
    const { caseId } = await workedCase();
    expectProblem(await t.http.get(`/v1/cases/${caseId}/timeline`).set((await aLender(t).build()).auth), 404, 'case.not_found');
    expectProblem(await t.http.get(`/v1/cases/${caseId}/timeline`).set(agency.auth), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.get('/v1/cases/not-a-uuid/timeline').set(lender.auth), 404, 'case.not_found');
    expectProblem(await t.http.get(`/v1/cases/${caseId}/timeline?cursor=${Buffer.from('["x"]').toString('base64url')}`).set(lender.auth), 400, 'validation.failed');
  });

  it('GET /v1/jobs rows carry the listing title, the lender and partner names and a case summary, for both sides', async () => {
    const { caseId, jobId } = await workedCase();
    for (const who of [lender, agency]) {
      const res = await t.http.get(`/v1/jobs?case_id=${caseId}`).set(who.auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        expect.objectContaining({
          id: jobId,
          listing_title: 'Austin early-stage',
          lender_name: 'Lone Star Auto Credit',
          partner_name: expect.stringContaining('agency'),
          case_summary: { case_count: 1, total_balance: usd(750_000), regions: ['US-TX'], statuses: ['in_progress'], external_refs: [expect.stringMatching(/^CASE-/)] },
        }),
      ]);
    }
    const page = await t.http.get('/v1/jobs?limit=2').set(lender.auth);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.data.every((j: { case_summary: { case_count: number } }) => j.case_summary.case_count === 1)).toBe(true);
  });

  it('before award a listing describes the work without PII: vehicle make, model, year, colour, keys; region; balance band; days past due', async () => {
    const caseId = await placeCase(t, lender, { principal: 1_250_000 });
    const vehicle = await t.http
      .post('/v1/vehicles')
      .set(lender.auth)
      .send({ vin: '1HGCM82633A004352', case_id: caseId, plate: 'ABC1234', plate_region: 'US-TX', make: 'Honda', model: 'Accord', year: 2019, colour: 'blue', keys_available: true });
    expect(vehicle.status).toBe(201);
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId]));
    expect(listing.status).toBe(201);
    const read = await t.http.get(`/v1/listings/${listing.body.id}`).set(agency.auth);
    expect(read.status).toBe(200);
    expect(read.body.cases).toEqual([
      expect.objectContaining({
        case_id: caseId,
        region: 'US-TX',
        days_past_due: expect.any(Number),
        balance_band: { min: usd(1_000_000), max: usd(2_500_000) },
        has_vehicle: true,
        vehicle: { make: 'Honda', model: 'Accord', year: 2019, colour: 'blue', keys_available: true },
      }),
    ]);
    const text = JSON.stringify(read.body);
    for (const secret of ['1HGCM82633A004352', 'ABC1234', '123-45-6789', '+14155550123', 'jane.doe@example.com', '100 Main St']) expect(text).not.toContain(secret);
  });
});
