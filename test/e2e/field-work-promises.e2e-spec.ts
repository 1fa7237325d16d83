import { Deadlines } from '../../src/common/queue/deadlines.service';
import { PROMISE_DEADLINE } from '../../src/jobs/job-timers';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, aPartner, count, placeCase, usd } from '../support/marketplace';
import { eventually } from '../support/eventually';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('field work: promises to pay (issue 12, DESIGN §6)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let deadlines: Deadlines;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    deadlines = t.app.get(Deadlines);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const stats = async (partnerId: string) => (await t.db.query('SELECT promises_kept, promises_broken FROM partner_stats WHERE partner_org_id = $1', [partnerId]))[0];
  const outbox = (type: string, promiseId: string) => count(t, 'SELECT count(*) AS n FROM outbox_events WHERE type = $1 AND aggregate_id = $2', [type, promiseId]);

  async function collectionJob(partner: OrgSession, overrides: Record<string, unknown> = {}) {
    const caseId = await placeCase(t, lender);
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined, ...overrides }));
    expect(res.status).toBe(201);
    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [res.body.id]);
    expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(partner.auth)).status).toBe(200);
    return job.id as string;
  }
  const report = (partner: OrgSession, jobId: string, body: Record<string, unknown>) => t.http.post(`/v1/jobs/${jobId}/events`).set(partner.auth).send(body);
  const promises = async (who: OrgSession, jobId: string) => {
    const res = await t.http.get(`/v1/jobs/${jobId}/promises`).set(who.auth);
    expect(res.status).toBe(200);
    return res.body.data as { id: string; status: string; paid: { amount: number }; due_at: string; grace_days: number }[];
  };

  it('a promise is kept once payments reported since it cover it; earlier payments do not count', async () => {
    const partner = await aPartner(t, admin);
    const jobId = await collectionJob(partner);
    expect((await report(partner, jobId, { type: 'payment_reported', amount: usd(40_000), date: today, method: 'card' })).status).toBe(201);
    expect((await report(partner, jobId, { type: 'promise_to_pay', amount: usd(50_000), date: today })).status).toBe(201);
    const [open] = await promises(lender, jobId);
    expect(open).toMatchObject({ status: 'open', paid: { amount: 0 }, grace_days: 3 });
    expect(new Date(open!.due_at).getTime() - new Date(`${today}T00:00:00Z`).getTime()).toBe(4 * 86_400_000);
    expect((await report(partner, jobId, { type: 'payment_reported', amount: usd(30_000), date: today, method: 'card' })).status).toBe(201);
    expect((await promises(partner, jobId))[0]).toMatchObject({ status: 'open', paid: { amount: 30_000 } });
    expect((await report(partner, jobId, { type: 'payment_reported', amount: usd(20_000), date: today, method: 'bank_transfer', reference: 'ACH-1' })).status).toBe(201);
    expect((await promises(lender, jobId))[0]).toMatchObject({ status: 'kept', paid: { amount: 50_000 }, decided_at: expect.any(String) });
    expect(await outbox('promise.kept', open!.id)).toBe(1);
    await eventually(async () => (await stats(partner.orgId))?.promises_kept === 1, 10_000, 'kept counted');
    // Past its due time a kept promise stays kept.
    t.clock.set(new Date(Date.now() + 10 * 86_400_000));
    await deadlines.sweep(PROMISE_DEADLINE);
    expect((await promises(lender, jobId))[0]!.status).toBe('kept');
  });

  it('an unpaid promise is broken at its date plus grace, not before', async () => {
    const partner = await aPartner(t, admin);
    const jobId = await collectionJob(partner);
    expect((await report(partner, jobId, { type: 'promise_to_pay', amount: usd(25_000), date: today })).status).toBe(201);
    const [open] = await promises(lender, jobId);
    t.clock.set(new Date(new Date(open!.due_at).getTime() - 1000));
    await deadlines.sweep(PROMISE_DEADLINE);
    expect((await promises(lender, jobId))[0]!.status).toBe('open');
    t.clock.set(new Date(new Date(open!.due_at).getTime() + 1000));
    await deadlines.sweep(PROMISE_DEADLINE);
    await deadlines.sweep(PROMISE_DEADLINE);
    expect((await promises(lender, jobId))[0]).toMatchObject({ status: 'broken', paid: { amount: 0 } });
    expect(await outbox('promise.broken', open!.id)).toBe(1);
    await eventually(async () => (await stats(partner.orgId))?.promises_broken === 1, 10_000, 'broken counted');
  });

  it('a partly paid promise is partially_kept at its due time (counted as broken); the listing sets the grace', async () => {
    const partner = await aPartner(t, admin);
    const jobId = await collectionJob(partner, { promise_grace_days: 0 });
    expect((await report(partner, jobId, { type: 'promise_to_pay', amount: usd(25_000), date: today })).status).toBe(201);
    expect((await report(partner, jobId, { type: 'payment_reported', amount: usd(10_000), date: today, method: 'cash' })).status).toBe(201);
    const [open] = await promises(lender, jobId);
    expect(open).toMatchObject({ grace_days: 0, paid: { amount: 10_000 } });
    expect(new Date(open!.due_at).getTime() - new Date(`${today}T00:00:00Z`).getTime()).toBe(86_400_000);
    t.clock.set(new Date(new Date(open!.due_at).getTime() + 1000));
    await deadlines.sweep(PROMISE_DEADLINE);
    const [decided] = await t.db.query(`SELECT payload FROM outbox_events WHERE type = 'promise.broken' AND aggregate_id = $1`, [open!.id]);
    expect(decided.payload).toMatchObject({ status: 'partially_kept', amount: usd(25_000), paid: usd(10_000) });
    expect((await promises(lender, jobId))[0]!.status).toBe('partially_kept');
    await eventually(async () => (await stats(partner.orgId))?.promises_broken === 1, 10_000, 'counted as broken');
  });

  it('refuses a grace outside 0–30 days (nothing listed) and promises of another org’s job (404)', async () => {
    const partner = await aPartner(t, admin);
    const caseId = await placeCase(t, lender);
    const before = await count(t, 'SELECT count(*) AS n FROM listings');
    const refused = expectProblem(
      await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined, promise_grace_days: 31 })),
      400,
      'validation.failed',
    );
    expect(refused.errors?.map((e) => e.field)).toContain('promise_grace_days');
    expect(await count(t, 'SELECT count(*) AS n FROM listings')).toBe(before);
    const jobId = await collectionJob(partner);
    const stranger = await aPartner(t, admin);
    expectProblem(await t.http.get(`/v1/jobs/${jobId}/promises`).set(stranger.auth), 404, 'job.not_found');
    expectProblem(await t.http.get(`/v1/jobs/${jobId}/promises`).set((await aLender(t).build()).auth), 404, 'job.not_found');
  });
});
