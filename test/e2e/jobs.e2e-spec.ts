import { Deadlines } from '../../src/common/queue/deadlines.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { JobAcceptDeadlineJob } from '../../src/jobs/job-accept-deadline.job';
import { JOB_ACCEPT_DEADLINE } from '../../src/jobs/job-timers';
import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { eventually } from '../support/eventually';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('jobs: offers, accept, decline, re-offer, accept deadline', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const caseRow = async (id: string) => (await t.db.query('SELECT status, assigned_org_id FROM cases WHERE id = $1', [id]))[0];
  const offersOn = async (listingId: string) =>
    t.db.query('SELECT id, partner_org_id, status, offer_round FROM jobs WHERE listing_id = $1 ORDER BY offer_round', [listingId]) as Promise<{ id: string; partner_org_id: string; status: string; offer_round: number }[]>;

  /** A sealed listing of one case with bids from the partners in order of preference (cheapest first), awarded automatically. */
  async function awarded(partners: OrgSession[], overrides: Record<string, unknown> = {}) {
    const c = await placeCase(t, lender);
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [c], overrides));
    expect(res.status).toBe(201);
    const listingId = res.body.id as string;
    for (const [i, p] of partners.entries()) expect((await t.http.post(`/v1/listings/${listingId}/bids`).set(p.auth).send(aBid(1500 + 100 * i))).status).toBe(201);
    const award = await t.http.post(`/v1/listings/${listingId}/award`).set(lender.auth).send({ auto: true });
    expect(award.status).toBe(200);
    return { caseId: c, listingId, jobId: award.body.jobs[0].id as string };
  }

  it('lists and reads jobs for the partner and the lender, 404 for anyone else', async () => {
    const p = await aPartner(t, admin);
    const other = await aPartner(t, admin);
    const { jobId } = await awarded([p]);
    const mine = await t.http.get('/v1/jobs?status=offered').set(p.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((j: { id: string }) => j.id)).toEqual([jobId]);
    expect((await t.http.get(`/v1/jobs/${jobId}`).set(lender.auth)).body).toMatchObject({
      id: jobId,
      status: 'offered',
      partner_org_id: p.orgId,
      fee_schedule: { contingency_bps: 2500 },
      terms: { contingency_bps: 1500 },
      effective_fee_schedule: { contingency_bps: 1500 },
    });
    expect((await t.http.get('/v1/jobs').set(other.auth)).body.data).toEqual([]);
    expectProblem(await t.http.get(`/v1/jobs/${jobId}`).set(other.auth), 404, 'job.not_found');
    expectProblem(await t.http.post(`/v1/jobs/${jobId}/accept`).set(other.auth), 404, 'job.not_found');
    expectProblem(await t.http.get(`/v1/jobs/${jobId}`).set((await aLender(t).build()).auth), 404, 'job.not_found');
  });

  it('accepts an offer once: job accepted, timer cancelled, scorecard counts it; a second accept is 409', async () => {
    const p = await aPartner(t, admin);
    const { jobId, caseId } = await awarded([p]);
    const queue = t.app.get(QueueService).queue(JOB_ACCEPT_DEADLINE.queue);
    const timer = await queue.getJob(JOB_ACCEPT_DEADLINE.idOf({ jobId }));
    expect(timer?.data).toEqual({ jobId });
    expect(timer!.delay).toBeGreaterThan(4 * 3_600_000 - 60_000);
    expectProblem(await t.http.post(`/v1/jobs/${jobId}/accept`).set(lender.auth), 403, 'auth.wrong_org_kind');
    const agent = await addUser(t, p, 'agent');
    expectProblem(await t.http.post(`/v1/jobs/${jobId}/accept`).set(agent.auth), 403, 'auth.insufficient_role');
    const res = await t.http.post(`/v1/jobs/${jobId}/accept`).set(p.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', accepted_at: expect.any(String) });
    expect(await queue.getJob(JOB_ACCEPT_DEADLINE.idOf({ jobId }))).toBeUndefined();
    expect(await caseRow(caseId)).toEqual({ status: 'assigned', assigned_org_id: p.orgId });
    const body = expectProblem(await t.http.post(`/v1/jobs/${jobId}/accept`).set(p.auth), 409, 'job.illegal_transition');
    expect(body).toMatchObject({ current: 'accepted', requested: 'accepted' });
    expectProblem(await t.http.post(`/v1/jobs/${jobId}/decline`).set(p.auth).send({}), 409, 'job.illegal_transition');
    const until = Date.now() + 5000;
    let stats: unknown[] = [];
    while (stats.length === 0 && Date.now() < until) {
      stats = await t.db.query(`SELECT assigned, jobs_total FROM partner_stats WHERE partner_org_id = $1 AND work_kind = 'collection'`, [p.orgId]);
      if (stats.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(stats).toEqual([{ assigned: 1, jobs_total: 1 }]);
  });

  it('tells the lenders with open jobs when their partner is suspended (DESIGN §3)', async () => {
    const p = await aPartner(t, admin);
    const { jobId } = await awarded([p]);
    expect((await t.http.post(`/v1/jobs/${jobId}/accept`).set(p.auth)).status).toBe(200);
    const otherLender = await aLender(t).build();
    const suspended = await t.http.post(`/v1/admin/partners/${p.orgId}/suspend`).set(admin.auth).send({ reason: 'insurance cancelled' });
    expect(suspended.status).toBe(200);
    const notices = await eventually(async () => {
      const rows = await t.db.query(`SELECT org_ids, payload FROM outbox_events WHERE type = 'partner.suspension_notice' AND aggregate_id = $1`, [p.orgId]);
      return rows.length > 0 ? rows : null;
    }, 20_000, 'the suspension notice');
    expect(notices).toEqual([{ org_ids: [lender.orgId], payload: expect.objectContaining({ partner_org_id: p.orgId, reason: 'insurance cancelled', open_job_ids: [jobId] }) }]);
    const inbox = await eventually(async () => {
      const res = await t.http.get('/v1/notifications').set(lender.auth);
      return res.body.data.find((n: { type: string }) => n.type === 'partner.suspension_notice');
    }, 20_000, 'the lender inbox notice');
    expect(inbox).toBeDefined();
    const others = await t.http.get('/v1/notifications').set(otherLender.auth);
    expect(others.body.data.filter((n: { type: string }) => n.type === 'partner.suspension_notice')).toEqual([]);
  });

  it('offers declined work to the next-best bid, then gives the case back when the bids run out', async () => {
    const first = await aPartner(t, admin);
    const second = await aPartner(t, admin);
    const { jobId, caseId, listingId } = await awarded([first, second]);
    const declined = await t.http.post(`/v1/jobs/${jobId}/decline`).set(first.auth).send({ reason: 'no collectors free' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', end_reason: 'no collectors free' });
    let offers = await offersOn(listingId);
    expect(offers.map((o) => [o.partner_org_id, o.status, o.offer_round])).toEqual([
      [first.orgId, 'declined', 1],
      [second.orgId, 'offered', 2],
    ]);
    expect(await caseRow(caseId)).toEqual({ status: 'assigned', assigned_org_id: second.orgId });
    const next = (await t.http.get(`/v1/jobs/${offers[1]!.id}`).set(second.auth)).body;
    expect(next.terms).toEqual({ contingency_bps: 1600, sla: { first_action_hours: 24, completion_days: 30 } });
    expect((await t.app.get(QueueService).queue(JOB_ACCEPT_DEADLINE.queue).getJob(JOB_ACCEPT_DEADLINE.idOf({ jobId: offers[1]!.id })))?.data).toEqual({ jobId: offers[1]!.id });

    expect((await t.http.post(`/v1/jobs/${offers[1]!.id}/decline`).set(second.auth).send({})).status).toBe(200);
    offers = await offersOn(listingId);
    expect(offers.map((o) => o.status)).toEqual(['declined', 'declined']);
    expect(await caseRow(caseId)).toEqual({ status: 'new', assigned_org_id: null });
    const [event] = await t.db.query(`SELECT org_ids, payload FROM outbox_events WHERE type = 'listing.offer_unfilled' AND aggregate_id = $1`, [listingId]);
    expect(event).toMatchObject({ org_ids: [lender.orgId], payload: { why: 'declined', case_ids: [caseId] } });
  });

  it('does not re-offer when the listing says so', async () => {
    const first = await aPartner(t, admin);
    const second = await aPartner(t, admin);
    const { jobId, caseId, listingId } = await awarded([first, second], { reoffer: false });
    expect((await t.http.post(`/v1/jobs/${jobId}/decline`).set(first.auth).send({})).status).toBe(200);
    expect(await count(t, 'SELECT count(*) AS n FROM jobs WHERE listing_id = $1', [listingId])).toBe(1);
    expect(await caseRow(caseId)).toEqual({ status: 'new', assigned_org_id: null });
  });

  it('expires an offer at its accept deadline (timer job) and re-offers it', async () => {
    const slow = await aPartner(t, admin);
    const next = await aPartner(t, admin);
    const { jobId, caseId, listingId } = await awarded([slow, next], { accept_hours: 2 });
    const handler = t.app.get(JobAcceptDeadlineJob);
    expect(await handler.handle({ jobId })).toEqual({ expired: false });
    t.clock.set(new Date(Date.now() + 2 * 3_600_000 + 1000));
    expect(await handler.handle({ jobId })).toEqual({ expired: true });
    expect(await handler.handle({ jobId })).toEqual({ expired: false });
    const offers = await offersOn(listingId);
    expect(offers.map((o) => [o.partner_org_id, o.status])).toEqual([
      [slow.orgId, 'expired'],
      [next.orgId, 'offered'],
    ]);
    expect(await caseRow(caseId)).toEqual({ status: 'assigned', assigned_org_id: next.orgId });
  });

  it('expires an offer whose timer was lost (Redis down at award) from the minute sweep', async () => {
    const slow = await aPartner(t, admin);
    const next = await aPartner(t, admin);
    const { jobId, listingId } = await awarded([slow, next], { accept_hours: 2 });
    const deadlines = t.app.get(Deadlines);
    await deadlines.cancel(JOB_ACCEPT_DEADLINE, { jobId });
    expect(await deadlines.sweep(JOB_ACCEPT_DEADLINE)).toEqual({ swept: 0 });
    t.clock.set(new Date(Date.now() + 2 * 3_600_000 + 1000));
    expect(await deadlines.sweep(JOB_ACCEPT_DEADLINE)).toEqual({ swept: 1 });
    const offers = await offersOn(listingId);
    expect(offers.map((o) => [o.partner_org_id, o.status])).toEqual([
      [slow.orgId, 'expired'],
      [next.orgId, 'offered'],
    ]);
  });

  it('refuses an accept after the deadline (409) and the offer moves on', async () => {
    const late = await aPartner(t, admin);
    const next = await aPartner(t, admin);
    const { jobId, listingId } = await awarded([late, next]);
    t.clock.set(new Date(Date.now() + 4 * 3_600_000 + 1000));
    expectProblem(await t.http.post(`/v1/jobs/${jobId}/accept`).set(late.auth), 409, 'job.offer_expired');
    const offers = await offersOn(listingId);
    expect(offers.map((o) => o.status)).toEqual(['expired', 'offered']);
  });
});
