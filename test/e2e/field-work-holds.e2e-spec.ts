import { QueueService } from '../../src/common/queue/queue.service';
import { Deadlines } from '../../src/common/queue/deadlines.service';
import { HOLD_ESCALATION_DEADLINE } from '../../src/jobs/job-timers';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { eventually } from '../support/eventually';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const MINUTE = 60_000;

describe('field work: holds reach every vendor once and escalate until acknowledged (issue 12, DESIGN §6)', () => {
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

  const outbox = (type: string, jobId: string) => count(t, 'SELECT count(*) AS n FROM outbox_events WHERE type = $1 AND aggregate_id = $2', [type, jobId]);
  const timer = (jobId: string, step: 1 | 2) => t.app.get(QueueService).queue(HOLD_ESCALATION_DEADLINE.queue).getJob(HOLD_ESCALATION_DEADLINE.idOf({ jobId, step }));

  async function heldJob(partner: OrgSession) {
    const caseId = await placeCase(t, lender);
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined }));
    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [res.body.id]);
    expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(partner.auth)).status).toBe(200);
    return { caseId, jobId: job.id as string };
  }

  it('20 parallel flag requests put the jobs on hold once: one hold event, one pair of escalation timers', async () => {
    const partner = await aPartner(t, admin);
    const { caseId, jobId } = await heldJob(partner);
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'legal_hold', reason: 'court order' })));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    for (const refused of answers.filter((r) => r.status !== 200)) expectProblem(refused, 409, 'case.flag_already_set');
    expect(await outbox('job.on_hold', jobId)).toBe(1);
    expect(await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'case.flag_set' AND entity_id = $1`, [caseId])).toBe(1);
    await eventually(async () => (await timer(jobId, 1)) && (await timer(jobId, 2)), 5000, 'escalation timers');
  });

  it('an unacknowledged hold escalates after 15 minutes and after an hour, to the lender and platform compliance; each step once', async () => {
    const partner = await aPartner(t, admin);
    const { caseId, jobId } = await heldJob(partner);
    const start = new Date();
    t.clock.set(start);
    expect((await t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'bankruptcy', reason: 'chapter 13 petition' })).status).toBe(200);
    t.clock.set(new Date(start.getTime() + 14 * MINUTE));
    await deadlines.sweep(HOLD_ESCALATION_DEADLINE);
    expect(await outbox('job.hold_escalated', jobId)).toBe(0);
    t.clock.set(new Date(start.getTime() + 15 * MINUTE + 1000));
    await deadlines.sweep(HOLD_ESCALATION_DEADLINE);
    await deadlines.sweep(HOLD_ESCALATION_DEADLINE);
    expect(await outbox('job.hold_escalated', jobId)).toBe(1);
    expect((await t.http.get(`/v1/jobs/${jobId}`).set(lender.auth)).body.hold).toMatchObject({ escalations: 1, acknowledged_at: null });
    t.clock.set(new Date(start.getTime() + 61 * MINUTE));
    await deadlines.sweep(HOLD_ESCALATION_DEADLINE);
    await deadlines.sweep(HOLD_ESCALATION_DEADLINE);
    const steps = await t.db.query(`SELECT payload->>'step' AS step, org_ids FROM outbox_events WHERE type = 'job.hold_escalated' AND aggregate_id = $1 ORDER BY occurred_at`, [jobId]);
    expect(steps.map((s: { step: string }) => s.step)).toEqual(['1', '2']);
    // Inbox: the lender's leads and platform compliance.
    await eventually(
      async () => (await count(t, `SELECT count(*) AS n FROM inbox_notifications WHERE event_type = 'job.hold_escalated' AND org_id = $1`, [lender.orgId])) >= 2,
      10_000,
      'lender inbox',
    );
    // Acknowledging afterwards ends it: no further escalation.
    expect((await t.http.post(`/v1/jobs/${jobId}/acknowledge-hold`).set(partner.auth)).status).toBe(200);
    await eventually(async () => (await timer(jobId, 1)) === undefined && (await timer(jobId, 2)) === undefined, 5000, 'timers removed');
  });

  it('an acknowledgment within 15 minutes cancels the escalation; another partner or the lender cannot acknowledge', async () => {
    const partner = await aPartner(t, admin);
    const other = await aPartner(t, admin);
    const { caseId, jobId } = await heldJob(partner);
    const start = new Date();
    t.clock.set(start);
    expect((await t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'legal_hold', reason: 'court order' })).status).toBe(200);
    expectProblem(await t.http.post(`/v1/jobs/${jobId}/acknowledge-hold`).set(other.auth), 404, 'job.not_found');
    expectProblem(await t.http.post(`/v1/jobs/${jobId}/acknowledge-hold`).set(lender.auth), 403, 'auth.wrong_org_kind');
    t.clock.set(new Date(start.getTime() + 5 * MINUTE));
    expect((await t.http.post(`/v1/jobs/${jobId}/acknowledge-hold`).set(partner.auth)).body.hold).toMatchObject({ acknowledged_at: expect.any(String), escalations: 0 });
    await eventually(async () => (await timer(jobId, 1)) === undefined, 5000, 'timer removed');
    t.clock.set(new Date(start.getTime() + 2 * 60 * MINUTE));
    await deadlines.sweep(HOLD_ESCALATION_DEADLINE);
    expect(await outbox('job.hold_escalated', jobId)).toBe(0);
  });
});
