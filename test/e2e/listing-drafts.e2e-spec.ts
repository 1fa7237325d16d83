import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';
import { QueueService } from '../../src/common/queue/queue.service';
import { AWARD_DEADLINE } from '../../src/marketplace/marketplace-timers';

/** Issue 9 §6: a lender drafts a listing, edits it, then publishes it (draft → open). */
describe('marketplace: draft listings', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let agency: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    agency = await aPartner(t, admin);
  });
  afterAll(() => t.close());

  const caseStatus = async (id: string) => (await t.db.query('SELECT status FROM cases WHERE id = $1', [id]))[0].status;
  const row = async (id: string) => (await t.db.query('SELECT status, title, description, deadline, updated_at FROM listings WHERE id = $1', [id]))[0];
  const events = (id: string, type = 'listing.published') => count(t, 'SELECT count(*) AS n FROM outbox_events WHERE type = $1 AND aggregate_id = $2', [type, id]);
  const timer = async (id: string) => t.app.get(QueueService).queue(AWARD_DEADLINE.queue).getJob(AWARD_DEADLINE.idOf({ listingId: id }));
  const draft = async (caseIds: string[], overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, caseIds, { publish: false, ...overrides }));
    if (res.status !== 201) throw new Error(`draft failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; status: string };
  };

  it('stores a draft: cases stay on the book, nobody is told, no timer runs, partners cannot see or bid on it', async () => {
    const c = await placeCase(t, lender);
    const d = await draft([c], { title: 'Texas portfolio' });
    expect(d).toMatchObject({ status: 'draft', title: 'Texas portfolio', lots: [{ key: 'all', case_count: 1 }] });
    expect(await caseStatus(c)).toBe('new');
    expect(await events(d.id)).toBe(0);
    expect(await timer(d.id)).toBeUndefined();
    expect((await t.http.get('/v1/listings').set(lender.auth)).body.data.map((l: { id: string }) => l.id)).toContain(d.id);
    expect((await t.http.get('/v1/listings').set(agency.auth)).body.data.map((l: { id: string }) => l.id)).not.toContain(d.id);
    expectProblem(await t.http.get(`/v1/listings/${d.id}`).set(agency.auth), 404, 'listing.not_found');
    expectProblem(await t.http.post(`/v1/listings/${d.id}/bids`).set(agency.auth).send(aBid(2000)), 404, 'listing.not_found');
    expect(await count(t, 'SELECT count(*) AS n FROM bids WHERE listing_id = $1', [d.id])).toBe(0);
  });

  it('edits a draft beyond the deadline: title, description, cases, eligibility, bounds, weights', async () => {
    const c1 = await placeCase(t, lender);
    const c2 = await placeCase(t, lender, { borrower: { region: 'US-OK', timezone: 'America/Chicago' } });
    const d = await draft([c1]);
    const deadline = new Date(Date.now() + 7_200_000).toISOString();
    const res = await t.http
      .patch(`/v1/listings/${d.id}`)
      .set(lender.auth)
      .send({
        title: 'Two states',
        description: 'edited',
        case_ids: [c1, c2],
        blocked_partner_ids: [agency.orgId],
        min_score: 0.2,
        bounds: { max_contingency_bps: 2800 },
        weights: { price: 0.5 },
        deadline,
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'draft',
      title: 'Two states',
      description: 'edited',
      regions: ['US-OK', 'US-TX'],
      min_score: 0.2,
      blocked_partner_ids: [agency.orgId],
      bounds: { max_contingency_bps: 2800 },
      weights: expect.objectContaining({ price: 0.5 }),
      deadline,
      lots: [{ key: 'all', case_count: 2 }],
    });
    expect(await count(t, 'SELECT count(*) AS n FROM listing_cases WHERE listing_id = $1', [d.id])).toBe(2);
    const cleared = await t.http.patch(`/v1/listings/${d.id}`).set(lender.auth).send({ description: null, min_score: null });
    expect(cleared.body).toMatchObject({ description: null, min_score: null });
    expect(await caseStatus(c2)).toBe('new');
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['bounds out of range', { bounds: { max_contingency_bps: 20_000 } }, 422, 'listing.invalid'],
    ['a case already listed elsewhere', { case_ids: ['LISTED'] }, 422, 'listing.cases_not_listable'],
    ['an unknown field', { colour: 'red' }, 400, 'validation.failed'],
    ['an empty body', {}, 400, 'validation.failed'],
    ['a deadline in the past', { deadline: new Date(Date.now() - 60_000).toISOString() }, 400, 'validation.failed'],
  ])('refuses an edit with %s, writing nothing', async (_name, body, status, code) => {
    const listed = await placeCase(t, lender);
    await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [listed]));
    const d = await draft([await placeCase(t, lender)], { title: 'Untouched' });
    const before = await row(d.id);
    const edits = body.case_ids ? { case_ids: [listed] } : body;
    expectProblem(await t.http.patch(`/v1/listings/${d.id}`).set(lender.auth).send(edits), status, code);
    expect(await row(d.id)).toEqual(before);
  });

  it('404s another lender’s draft and 403s partners and agents, changing nothing', async () => {
    const d = await draft([await placeCase(t, lender)], { title: 'Mine' });
    const before = await row(d.id);
    const other = await aLender(t).build();
    expectProblem(await t.http.patch(`/v1/listings/${d.id}`).set(other.auth).send({ title: 'Theirs' }), 404, 'listing.not_found');
    expectProblem(await t.http.post(`/v1/listings/${d.id}/publish`).set(other.auth), 404, 'listing.not_found');
    expectProblem(await t.http.get(`/v1/listings/${d.id}`).set(other.auth), 404, 'listing.not_found');
    expectProblem(await t.http.post(`/v1/listings/${d.id}/publish`).set(agency.auth), 403, 'auth.wrong_org_kind');
    const agent = await addUser(t, lender, 'agent');
    expectProblem(await t.http.post(`/v1/listings/${d.id}/publish`).set(agent.auth), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post('/v1/listings/not-a-uuid/publish').set(lender.auth), 404, 'listing.not_found');
    expect(await row(d.id)).toEqual(before);
    expect(await events(d.id)).toBe(0);
  });

  it('publishes a draft: draft → open, cases listed, the event recorded and the award timer set at publication', async () => {
    const c = await placeCase(t, lender);
    const d = await draft([c]);
    const res = await t.http.post(`/v1/listings/${d.id}/publish`).set(lender.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: d.id, status: 'open', lots: [{ key: 'all', case_count: 1 }] });
    expect(await caseStatus(c)).toBe('listed');
    expect(await events(d.id)).toBe(1);
    expect((await timer(d.id))?.data).toEqual({ listingId: d.id });
    expect((await t.http.get('/v1/listings').set(agency.auth)).body.data.map((l: { id: string }) => l.id)).toContain(d.id);

    const again = expectProblem(await t.http.post(`/v1/listings/${d.id}/publish`).set(lender.auth), 409, 'listing.illegal_transition');
    expect(again).toMatchObject({ current: 'open', requested: 'open' });
    expect(await events(d.id)).toBe(1);
  });

  it('refuses to edit more than the deadline of a published listing (409), writing nothing', async () => {
    const l = (await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [await placeCase(t, lender)]))).body;
    const before = await row(l.id);
    const body = expectProblem(await t.http.patch(`/v1/listings/${l.id}`).set(lender.auth).send({ title: 'Renamed', deadline: new Date(Date.now() + 7_200_000).toISOString() }), 409, 'listing.not_draft');
    expect(body).toMatchObject({ current: 'open', fields: ['title'] });
    expect(await row(l.id)).toEqual(before);
    expect(await events(l.id, 'listing.deadline_changed')).toBe(0);
  });

  it('re-checks a draft at publication: a deadline that has passed is refused (422) and the draft stays a draft', async () => {
    const c = await placeCase(t, lender);
    const d = await draft([c], { deadline: new Date(Date.now() + 3_600_000).toISOString() });
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    try {
      const body = expectProblem(await t.http.post(`/v1/listings/${d.id}/publish`).set(lender.auth), 422, 'listing.invalid');
      expect(body.errors?.map((e) => e.field)).toContain('deadline');
    } finally {
      t.clock.reset();
    }
    expect((await row(d.id)).status).toBe('draft');
    expect(await caseStatus(c)).toBe('new');
    expect(await events(d.id)).toBe(0);
    expect(await timer(d.id)).toBeUndefined();
  });

  it('publishes a direct draft as an offer to the named partner, and withdraws a draft without touching its cases', async () => {
    const direct = await draft([await placeCase(t, lender)], { bidding_mode: 'direct', direct_partner_id: agency.orgId, deadline: undefined });
    const published = await t.http.post(`/v1/listings/${direct.id}/publish`).set(lender.auth);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('awarded');
    expect(await count(t, `SELECT count(*) AS n FROM jobs WHERE listing_id = $1 AND partner_org_id = $2 AND status = 'offered'`, [direct.id, agency.orgId])).toBe(1);

    const c = await placeCase(t, lender);
    const withdrawn = await draft([c]);
    const res = await t.http.post(`/v1/listings/${withdrawn.id}/cancel`).set(lender.auth);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(await caseStatus(c)).toBe('new');
    expectProblem(await t.http.post(`/v1/listings/${withdrawn.id}/publish`).set(lender.auth), 409, 'listing.illegal_transition');
  });
});
