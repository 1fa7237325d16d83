import { QueueService } from '../../src/common/queue/queue.service';
import { Deadlines } from '../../src/common/queue/deadlines.service';
import { JOB_SLA_DEADLINE } from '../../src/jobs/job-timers';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { eventually } from '../support/eventually';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('field work: SLA timers (issue 12, DESIGN §6)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let deadlines: Deadlines;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    deadlines = t.app.get(Deadlines);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const jobRow = async (id: string) =>
    (await t.db.query('SELECT status, accepted_at, first_action_due_at, silence_due_at, completion_due_at, offer_round, partner_org_id FROM jobs WHERE id = $1', [id]))[0];
  const breaches = (jobId: string) => t.db.query('SELECT sla, due_at, auto_recalled FROM job_sla_breaches WHERE job_id = $1 ORDER BY breached_at, sla', [jobId]) as Promise<{ sla: string; due_at: Date; auto_recalled: boolean }[]>;
  const outbox = (type: string, jobId: string) => count(t, 'SELECT count(*) AS n FROM outbox_events WHERE type = $1 AND aggregate_id = $2', [type, jobId]);
  const stats = async (partnerId: string) => (await t.db.query('SELECT on_time, sla_total, sla_breaches FROM partner_stats WHERE partner_org_id = $1', [partnerId]))[0];
  const timer = (jobId: string, clock: 'first_action' | 'silence' | 'completion') => t.app.get(QueueService).queue(JOB_SLA_DEADLINE.queue).getJob(JOB_SLA_DEADLINE.idOf({ jobId, clock }));
  const at = (ms: number) => t.clock.set(new Date(start.getTime() + ms));
  let start: Date;

  /** A collection job offered directly (no bid: the DESIGN §6 defaults) and accepted at `start`. */
  async function directJob(partner: OrgSession, overrides: Record<string, unknown> = {}) {
    start = new Date();
    t.clock.set(start);
    const caseId = await placeCase(t, lender);
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined, ...overrides }));
    expect(res.status).toBe(201);
    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [res.body.id]);
    expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(partner.auth)).status).toBe(200);
    return { caseId, jobId: job.id as string, listingId: res.body.id as string };
  }

  it('starts the clocks at accept (24 h, 72 h, 30 days for collection) with timers; a missed first action is breached once, evented, counted and listed', async () => {
    const partner = await aPartner(t, admin);
    const { jobId } = await directJob(partner);
    const row = await jobRow(jobId);
    expect(row.first_action_due_at.getTime() - row.accepted_at.getTime()).toBe(24 * HOUR);
    expect(row.silence_due_at.getTime() - row.accepted_at.getTime()).toBe(72 * HOUR);
    expect(row.completion_due_at.getTime() - row.accepted_at.getTime()).toBe(30 * DAY);
    await eventually(async () => (await timer(jobId, 'first_action')) ?? null, 5000, 'first-action timer');
    expect((await timer(jobId, 'silence'))?.data).toEqual({ jobId, clock: 'silence' });
    const job = await t.http.get(`/v1/jobs/${jobId}`).set(lender.auth);
    expect(job.body.sla).toEqual({
      first_action_due_at: row.first_action_due_at.toISOString(),
      silence_due_at: row.silence_due_at.toISOString(),
      completion_due_at: row.completion_due_at.toISOString(),
      auto_recall_on_breach: false,
    });

    at(24 * HOUR - 1000);
    expect(await deadlines.sweep(JOB_SLA_DEADLINE)).toEqual({ swept: 0 });
    at(24 * HOUR + 1000);
    expect(await deadlines.sweep(JOB_SLA_DEADLINE)).toEqual({ swept: 1 });
    expect(await deadlines.sweep(JOB_SLA_DEADLINE)).toEqual({ swept: 0 });
    expect(await breaches(jobId)).toEqual([{ sla: 'first_action', due_at: row.first_action_due_at, auto_recalled: false }]);
    expect(await outbox('job.sla_breached', jobId)).toBe(1);
    expect((await jobRow(jobId)).first_action_due_at).toBeNull();
    expect((await jobRow(jobId)).status).toBe('accepted');
    await eventually(async () => (await stats(partner.orgId))?.sla_breaches === 1, 10_000, 'breach counted on the partner');
    expect(await stats(partner.orgId)).toMatchObject({ on_time: 0, sla_total: 1, sla_breaches: 1 });
    expect((await t.http.get('/v1/jobs?sla=breached').set(lender.auth)).body.data.map((j: { id: string }) => j.id)).toContain(jobId);
    expect((await t.http.get('/v1/jobs?sla=breached').set(partner.auth)).body.data.map((j: { id: string }) => j.id)).toEqual([jobId]);
    // The inbox of the lender's and the partner's leads.
    await eventually(async () => (await count(t, `SELECT count(*) AS n FROM inbox_notifications WHERE event_type = 'job.sla_breached'`)) >= 2, 10_000, 'inbox entries');
  });

  it('progress is the first action (met, counted on time) and moves the silence clock; silence breaches 72 h after the last progress', async () => {
    const partner = await aPartner(t, admin);
    const { jobId } = await directJob(partner);
    const completionTimer = await eventually(async () => (await timer(jobId, 'completion')) ?? null, 5000, 'completion timer');
    at(20 * HOUR);
    expect((await t.http.post(`/v1/jobs/${jobId}/events`).set(partner.auth).send({ type: 'note', text: 'first call planned' })).status).toBe(201);
    const row = await jobRow(jobId);
    expect(row.first_action_due_at).toBeNull();
    expect(row.silence_due_at.getTime()).toBe(start.getTime() + 92 * HOUR);
    await eventually(async () => (await timer(jobId, 'first_action')) === undefined, 5000, 'first-action timer removed');
    await eventually(async () => ((await timer(jobId, 'silence'))?.opts.delay ?? 0) > 60 * HOUR, 5000, 'silence timer moved');
    // The completion clock did not move, so its timer is the one set at accept, not set again.
    expect((await timer(jobId, 'completion'))?.timestamp).toBe(completionTimer.timestamp);
    await eventually(async () => (await stats(partner.orgId))?.on_time === 1, 10_000, 'first action counted on time');

    at(80 * HOUR);
    await deadlines.sweep(JOB_SLA_DEADLINE);
    expect(await breaches(jobId)).toEqual([]);
    at(60 * HOUR + 20 * HOUR + 2 * HOUR);
    expect((await t.http.post(`/v1/jobs/${jobId}/events`).set(partner.auth).send({ type: 'note', text: 'left a message' })).status).toBe(201);
    at(92 * HOUR + 1000);
    await deadlines.sweep(JOB_SLA_DEADLINE);
    expect(await breaches(jobId)).toEqual([]);
    at(82 * HOUR + 72 * HOUR + 1000);
    await deadlines.sweep(JOB_SLA_DEADLINE);
    expect((await breaches(jobId)).map((b) => b.sla)).toEqual(['silence']);
    // The next report starts the silence clock again.
    expect((await t.http.post(`/v1/jobs/${jobId}/events`).set(partner.auth).send({ type: 'note', text: 'back on it' })).status).toBe(201);
    expect((await jobRow(jobId)).silence_due_at).not.toBeNull();
  });

  it('completion is due on the bid’s commitment; completing stops every clock and removes the timers', async () => {
    const best = await aPartner(t, admin);
    start = new Date();
    t.clock.set(start);
    const caseId = await placeCase(t, lender);
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId]));
    expect((await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(best.auth).send(aBid(1500, { first_action_hours: 6, completion_days: 5 }))).status).toBe(201);
    const award = await t.http.post(`/v1/listings/${listing.body.id}/award`).set(lender.auth).send({ auto: true });
    const jobId = award.body.jobs[0].id as string;
    expect((await t.http.post(`/v1/jobs/${jobId}/accept`).set(best.auth)).status).toBe(200);
    const row = await jobRow(jobId);
    expect(row.first_action_due_at.getTime() - row.accepted_at.getTime()).toBe(6 * HOUR);
    expect(row.completion_due_at.getTime() - row.accepted_at.getTime()).toBe(5 * DAY);
    for (const day of [1, 2, 3, 4]) {
      at(day * DAY);
      expect((await t.http.post(`/v1/jobs/${jobId}/events`).set(best.auth).send({ type: 'note', text: `day ${day}` })).status).toBe(201);
    }
    t.clock.set(new Date(row.completion_due_at.getTime() + 1000));
    await deadlines.sweep(JOB_SLA_DEADLINE);
    expect((await breaches(jobId)).map((b) => b.sla)).toEqual(['completion']);

    // A second job completes in time: the clocks stop and the timers go.
    const other = await directJob(best);
    expect((await t.http.post(`/v1/jobs/${other.jobId}/start`).set(best.auth)).status).toBe(200);
    expect((await t.http.post(`/v1/jobs/${other.jobId}/complete`).set(best.auth).send({ outcome: 'paid_in_full' })).body).toMatchObject({
      status: 'completed',
      sla: { first_action_due_at: null, silence_due_at: null, completion_due_at: null },
    });
    await eventually(async () => (await timer(other.jobId, 'silence')) === undefined && (await timer(other.jobId, 'completion')) === undefined, 5000, 'timers removed');
    at(60 * DAY);
    await deadlines.sweep(JOB_SLA_DEADLINE);
    expect(await breaches(other.jobId)).toEqual([]);
  });

  it('a held job’s clocks stop; resume starts them again', async () => {
    const partner = await aPartner(t, admin);
    const { caseId, jobId } = await directJob(partner);
    at(2 * HOUR);
    expect((await t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'legal_hold', reason: 'court order' })).status).toBe(200);
    expect(await jobRow(jobId)).toMatchObject({ status: 'on_hold', first_action_due_at: null, silence_due_at: null });
    at(5 * DAY);
    await deadlines.sweep(JOB_SLA_DEADLINE);
    expect(await breaches(jobId)).toEqual([]);
    expect((await t.http.delete(`/v1/cases/${caseId}/flags/legal_hold`).set(lender.auth).send({ reason: 'order lifted' })).status).toBe(200);
    const before = await jobRow(jobId);
    expect((await t.http.post(`/v1/jobs/${jobId}/resume`).set(lender.auth)).status).toBe(200);
    const after = await jobRow(jobId);
    expect(after.first_action_due_at.getTime()).toBe(start.getTime() + 5 * DAY + 24 * HOUR);
    expect(after.completion_due_at.getTime()).toBe(before.completion_due_at.getTime() + 5 * DAY - 2 * HOUR);
  });

  it('with auto_recall_on_breach a breach recalls the job and re-offers the work to the next-best bid', async () => {
    const best = await aPartner(t, admin);
    const second = await aPartner(t, admin);
    start = new Date();
    t.clock.set(start);
    const caseId = await placeCase(t, lender);
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { auto_recall_on_breach: true }));
    expect(listing.status).toBe(201);
    expect(listing.body).toMatchObject({ auto_recall_on_breach: true, promise_grace_days: 3 });
    expect((await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(best.auth).send(aBid(1500))).status).toBe(201);
    expect((await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(second.auth).send(aBid(1800))).status).toBe(201);
    const award = await t.http.post(`/v1/listings/${listing.body.id}/award`).set(lender.auth).send({ auto: true });
    const jobId = award.body.jobs[0].id as string;
    expect((await jobRow(jobId)).partner_org_id).toBe(best.orgId);
    expect((await t.http.post(`/v1/jobs/${jobId}/accept`).set(best.auth)).status).toBe(200);

    at(25 * HOUR);
    await deadlines.sweep(JOB_SLA_DEADLINE);
    expect(await jobRow(jobId)).toMatchObject({ status: 'recalled', first_action_due_at: null, silence_due_at: null, completion_due_at: null });
    expect(await breaches(jobId)).toEqual([expect.objectContaining({ sla: 'first_action', auto_recalled: true })]);
    expect(await outbox('job.recalled', jobId)).toBe(1);
    const offers = await t.db.query(`SELECT id, partner_org_id, status, offer_round FROM jobs WHERE listing_id = $1 ORDER BY offer_round`, [listing.body.id]);
    expect(offers).toEqual([
      expect.objectContaining({ id: jobId, status: 'recalled', offer_round: 1 }),
      expect.objectContaining({ partner_org_id: second.orgId, status: 'offered', offer_round: 2 }),
    ]);
    expect((await t.db.query('SELECT status, assigned_org_id FROM cases WHERE id = $1', [caseId]))[0]).toEqual({ status: 'assigned', assigned_org_id: second.orgId });
    const [reoffered] = await t.db.query(`SELECT payload FROM outbox_events WHERE type = 'listing.reoffered' AND aggregate_id = $1`, [listing.body.id]);
    expect(reoffered.payload).toMatchObject({ previous_job_id: jobId, why: 'sla_breached', partner_org_id: second.orgId });
    expect((await t.http.post(`/v1/jobs/${offers[1].id}/accept`).set(second.auth)).status).toBe(200);
  });

  it('refuses an unknown sla filter and a non-boolean auto_recall_on_breach (nothing listed)', async () => {
    const refused = expectProblem(await t.http.get('/v1/jobs?sla=late').set(lender.auth), 400, 'validation.failed');
    expect(refused.errors?.map((e) => e.field)).toEqual(['sla']);
    const partner = await aPartner(t, admin);
    const caseId = await placeCase(t, lender);
    const before = await count(t, 'SELECT count(*) AS n FROM listings');
    const bad = expectProblem(
      await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined, auto_recall_on_breach: 'yes' })),
      400,
      'validation.failed',
    );
    expect(bad.errors?.map((e) => e.field)).toContain('auto_recall_on_breach');
    expect(await count(t, 'SELECT count(*) AS n FROM listings')).toBe(before);
    expect(await count(t, 'SELECT count(*) AS n FROM cases WHERE id = $1 AND status = $2', [caseId, 'new'])).toBe(1);
  });
});
