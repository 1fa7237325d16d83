import { eventually } from '../support/eventually';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('complaints: filing, lifecycle, score effect, suspension review', () => {
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
  afterAll(() => t.close());

  async function aJobWith(partner: OrgSession) {
    const caseId = await placeCase(t, lender);
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId]));
    expect((await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(partner.auth).send(aBid(1500))).status).toBe(201);
    const award = await t.http.post(`/v1/listings/${listing.body.id}/award`).set(lender.auth).send({ auto: true });
    const jobId = award.body.jobs[0].id as string;
    expect((await t.http.post(`/v1/jobs/${jobId}/accept`).set(partner.auth)).status).toBe(200);
    return jobId;
  }

  const file = (s: OrgSession, body: Record<string, unknown>) => t.http.post('/v1/complaints').set(s.auth).send({ category: 'harassment', description: 'called at 23:00 three nights running', ...body });
  const decide = (id: string, action: string, reason = 'reviewed the call recordings') => t.http.post(`/v1/complaints/${id}/${action}`).set(admin.auth).send({ reason });

  it('a lender files against its job on behalf of its borrower; the partner and platform staff are told; the parties read it', async () => {
    const partner = await aPartner(t, admin);
    const jobId = await aJobWith(partner);
    const res = await file(lender, { job_id: jobId, on_behalf_of_borrower: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ partner_org_id: partner.orgId, job_id: jobId, lender_org_id: lender.orgId, status: 'open', on_behalf_of_borrower: true, history: [{ from_status: null, to_status: 'open', actor: { org_id: lender.orgId } }] });
    await eventually(async () => (await count(t, `SELECT count(*) n FROM inbox_notifications WHERE event_type = 'complaint.filed' AND org_id = $1`, [partner.orgId])) > 0, 20_000, 'partner told');
    await eventually(async () => (await count(t, `SELECT count(*) n FROM inbox_notifications WHERE event_type = 'complaint.filed' AND org_id = $1`, [admin.orgId])) > 0, 20_000, 'staff told');
    expect((await t.http.get('/v1/complaints').set(partner.auth)).body.data.map((c: { id: string }) => c.id)).toContain(res.body.id);
    expect((await t.http.get(`/v1/complaints/${res.body.id}`).set(lender.auth)).status).toBe(200);
    expect((await t.http.get('/v1/complaints?status=open').set(admin.auth)).body.data.map((c: { id: string }) => c.id)).toContain(res.body.id);
    const other = await aLender(t).build();
    expect((await t.http.get('/v1/complaints').set(other.auth)).body.data).toEqual([]);
    expectProblem(await t.http.get(`/v1/complaints/${res.body.id}`).set(other.auth), 404, 'complaint.not_found');
    expectProblem(await t.http.get(`/v1/complaints/${res.body.id}`).set((await aPartner(t, admin)).auth), 404, 'complaint.not_found');
  });

  it('refuses what it must, writing nothing', async () => {
    const partner = await aPartner(t, admin);
    const jobId = await aJobWith(partner);
    const before = await count(t, 'SELECT count(*) n FROM complaints');
    const other = await aLender(t).build();
    expectProblem(await file(other, { job_id: jobId }), 404, 'job.not_found');
    expectProblem(await file(partner, { job_id: jobId }), 403, 'auth.wrong_org_kind');
    expectProblem(await file(lender, {}), 400, 'validation.failed');
    expectProblem(await file(lender, { job_id: jobId, partner_org_id: other.orgId }), 400, 'validation.failed');
    expectProblem(await file(admin, { partner_org_id: partner.orgId, on_behalf_of_borrower: true }), 400, 'validation.failed');
    expectProblem(await file(lender, { partner_org_id: '00000000-0000-4000-8000-000000000000' }), 404, 'partner.not_found');
    expectProblem(await file(lender, { job_id: jobId, category: 'rudeness' }), 400, 'validation.failed');
    expect(await count(t, 'SELECT count(*) n FROM complaints')).toBe(before);
  });

  it('moves open → investigating → upheld with reasons and actors; upheld lowers the score; illegal moves are 409; only staff decide', async () => {
    const partner = await aPartner(t, admin);
    const jobId = await aJobWith(partner);
    const { body: c } = await file(lender, { job_id: jobId });
    expectProblem(await t.http.post(`/v1/complaints/${c.id}/investigate`).set(lender.auth).send({ reason: 'x' }), 403, 'auth.wrong_org_kind');
    expectProblem(await decide(c.id, 'uphold'), 409, 'complaint.illegal_transition');
    expectProblem(await t.http.post(`/v1/complaints/${c.id}/investigate`).set(admin.auth).send({}), 400, 'validation.failed');
    expect((await decide(c.id, 'investigate', 'asked the agency for recordings')).body.status).toBe('investigating');
    const upheld = await decide(c.id, 'uphold', 'recordings confirm calls after 21:00');
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'upheld', resolution_reason: 'recordings confirm calls after 21:00', resolved_at: expect.any(String) });
    expect(upheld.body.history.map((h: { to_status: string }) => h.to_status)).toEqual(['open', 'investigating', 'upheld']);
    expectProblem(await decide(c.id, 'dismiss'), 409, 'complaint.illegal_transition');
    await eventually(async () => (await t.db.query(`SELECT complaints_upheld FROM partner_stats WHERE partner_org_id = $1 AND work_kind = 'collection' AND complaints_upheld = 1`, [partner.orgId]))[0], 20_000, 'score lowered');
    const [audit] = await t.db.query(`SELECT changes FROM audit_log WHERE action = 'complaint.upheld' AND entity_id = $1`, [c.id]);
    expect(audit.changes.status).toEqual({ before: 'investigating', after: 'upheld' });
    expect(await count(t, 'SELECT count(*) n FROM suspension_reviews WHERE partner_org_id = $1', [partner.orgId])).toBe(0);
  });

  it('3 upheld in 90 days opens one suspension review that platform staff see and close', async () => {
    const partner = await aPartner(t, admin);
    const jobId = await aJobWith(partner);
    for (let i = 0; i < 4; i++) {
      const { body: c } = await file(i % 2 ? admin : lender, i % 2 ? { partner_org_id: partner.orgId, category: 'privacy' } : { job_id: jobId });
      expect((await decide(c.id, 'investigate')).status).toBe(200);
      expect((await decide(c.id, 'uphold')).status).toBe(200);
    }
    const queue = await t.http.get('/v1/admin/suspension-reviews?status=open').set(admin.auth);
    expect(queue.status).toBe(200);
    const mine = queue.body.data.filter((r: { partner_org_id: string }) => r.partner_org_id === partner.orgId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'open', upheld_count: 3, window_days: 90 });
    await eventually(async () => (await count(t, `SELECT count(*) n FROM inbox_notifications WHERE event_type = 'partner.suspension_review_opened' AND org_id = $1`, [admin.orgId])) > 0, 20_000, 'staff told');
    expectProblem(await t.http.get('/v1/admin/suspension-reviews').set(lender.auth), 403, 'auth.wrong_org_kind');
    const closed = await t.http.post(`/v1/admin/suspension-reviews/${mine[0].id}/close`).set(admin.auth).send({ outcome: 'suspended', reason: 'pattern of late calls' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'suspended' });
    expectProblem(await t.http.post(`/v1/admin/suspension-reviews/${mine[0].id}/close`).set(admin.auth).send({ outcome: 'cleared', reason: 'again' }), 409, 'suspension_review.closed');
  });
});
