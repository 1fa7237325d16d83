import { Deadlines } from '../../src/common/queue/deadlines.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { JOB_DUTY_DEADLINE } from '../../src/jobs/duties/duty-timers';
import { JobDutyDeadlineJob } from '../../src/jobs/duties/job-duty-deadline.job';
import { eventually } from '../support/eventually';
import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { aLicensedTowOperator, anAcceptedRepossession } from '../support/repossession-job';
import { createTestApp, TestApp } from '../support/test-app';

/** Friday 2027-01-08 17:00 in Los Angeles (PST, UTC-8); no postal holiday that weekend. */
const FRIDAY_1700_LA = '2027-01-09T01:00:00.000Z';
const FRIDAY_1800_LA = '2027-01-09T02:00:00.000Z';
/** B&P §7507.10(a): the 48 hours encompass the weekend, so 72: Monday 17:00 PST. */
const MONDAY_1700_LA = '2027-01-12T01:00:00.000Z';
const at = (iso: string, ms = 0) => new Date(new Date(iso).getTime() + ms);

describe('repossession duties (issue 12)', () => {
  let t: TestApp;
  let admin: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
  });
  afterAll(() => t.close());

  describe('the platform’s table', () => {
    it('is seeded with a US default and US-CA (police within 1 hour, notice of seizure by B&P §7507.10, release without a fee)', async () => {
      const res = await t.http.get('/v1/admin/repossession-duties').set(admin.auth).expect(200);
      expect(res.body.data.map((j: { code: string }) => j.code)).toEqual(['US', 'US-CA']);
      const ca = res.body.data[1];
      expect(ca.time_zone).toBe('America/Los_Angeles');
      expect(ca.holidays).toContainEqual({ date: '2026-11-26', name: 'Thanksgiving Day' });
      expect(ca.duties).toEqual([
        expect.objectContaining({ duty: 'personal_effects_release', within_hours: null }),
        expect.objectContaining({ duty: 'police_notification', within_hours: 1, weekend_extension_hours: 0, holiday_extension_hours: 0, citation: 'Cal. Veh. Code §28(a)' }),
        expect.objectContaining({ duty: 'seizure_notice', within_hours: 48, weekend_extension_hours: 24, holiday_extension_hours: 24, citation: 'Cal. Bus. & Prof. Code §7507.10(a)' }),
      ]);
    });

    it('is replaced whole by an admin, audited with the table before and after', async () => {
      const before = (await t.http.get('/v1/admin/repossession-duties').set(admin.auth)).body.data;
      const nevada = { code: 'US-NV', time_zone: 'America/Los_Angeles', holidays: [], duties: [{ duty: 'police_notification', within_hours: 2, weekend_extension_hours: 0, holiday_extension_hours: 0, citation: 'NRS (test)', description: 'call the police' }] };
      const res = await t.http.put('/v1/admin/repossession-duties').set(admin.auth).send({ jurisdictions: [...before, nevada] }).expect(200);
      expect(res.body.data.map((j: { code: string }) => j.code)).toEqual(['US', 'US-CA', 'US-NV']);
      const [audit] = await t.db.query(`SELECT changes FROM audit_log WHERE action = 'repossession_duties.replace' ORDER BY created_at DESC LIMIT 1`);
      expect(audit.changes.before).toEqual(before);
      expect(audit.changes.after).toEqual(res.body.data);
      await t.http.put('/v1/admin/repossession-duties').set(admin.auth).send({ jurisdictions: before }).expect(200);
    });

    async function unchanged(): Promise<void> {
      expect(await count(t, `SELECT count(*) AS n FROM repossession_jurisdictions`)).toBe(2);
      expect(await count(t, `SELECT count(*) AS n FROM repossession_duties`)).toBe(5);
    }

    it.each([
      ['a bad time zone', { code: 'US-CA', time_zone: 'Pacific', holidays: [], duties: [] }, 'jurisdictions[0].time_zone'],
      ['an impossible holiday', { code: 'US-CA', time_zone: 'America/Los_Angeles', holidays: [{ date: '2026-02-30', name: 'x' }], duties: [] }, 'jurisdictions[0].holidays[0].date'],
      ['a timed duty without hours', { code: 'US-CA', time_zone: 'America/Los_Angeles', holidays: [], duties: [{ duty: 'seizure_notice', within_hours: null, weekend_extension_hours: 0, holiday_extension_hours: 0, citation: 'x', description: '' }] }, 'jurisdictions[0].duties[0].within_hours'],
      ['an unknown duty', { code: 'US-CA', time_zone: 'America/Los_Angeles', holidays: [], duties: [{ duty: 'tow_report', within_hours: 1, weekend_extension_hours: 0, holiday_extension_hours: 0, citation: 'x', description: '' }] }, 'jurisdictions.0.duties.0.duty'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_label, jurisdiction, field) => {
      const audits = await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'repossession_duties.replace'`);
      const body = expectProblem(await t.http.put('/v1/admin/repossession-duties').set(admin.auth).send({ jurisdictions: [jurisdiction] }), 400, 'validation.failed');
      expect(body.errors!.map((e) => e.field)).toContain(field);
      await unchanged();
      expect(await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'repossession_duties.replace'`)).toBe(audits);
    });

    it('is the platform admins’ alone: compliance and lenders get 403, nothing written', async () => {
      const compliance = await addUser(t, admin, 'compliance');
      const lender = await aLender(t).build();
      const body = { jurisdictions: [] };
      expectProblem(await t.http.put('/v1/admin/repossession-duties').set(compliance.auth).send(body), 403, 'auth.insufficient_role');
      expectProblem(await t.http.put('/v1/admin/repossession-duties').set(lender.auth).send(body), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.get('/v1/admin/repossession-duties').set(lender.auth), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.put('/v1/admin/repossession-duties').send(body), 401, 'auth.missing_credentials');
      await unchanged();
    });
  });

  describe('the duties a recovery starts (US-CA)', () => {
    let lender: OrgSession;
    beforeAll(async () => {
      lender = await aLender(t).build();
    });
    afterEach(() => t.clock.reset());

    const duties = async (jobId: string, who: OrgSession) => (await t.http.get(`/v1/jobs/${jobId}/duties`).set(who.auth).expect(200)).body.data as Record<string, unknown>[];
    const recover = (jobId: string, tow: OrgSession) => t.http.post(`/v1/jobs/${jobId}/events`).set(tow.auth).send({ type: 'vehicle_recovered', mode: 'involuntary', odometer: 81_234, occurred_at: FRIDAY_1700_LA });

    it('recovery Friday 17:00 local: police by 18:00 Friday, notice of seizure by Monday 17:00 (weekend extension); fulfilled on time, breached late, both visible', async () => {
      const work = await anAcceptedRepossession(t, admin, lender);
      t.clock.set(at(FRIDAY_1700_LA, 10 * 60_000));
      expect((await recover(work.jobId, work.tow)).status).toBe(201);
      const started = await duties(work.jobId, lender);
      expect(started).toEqual([
        expect.objectContaining({ duty: 'police_notification', jurisdiction: 'US-CA', citation: 'Cal. Veh. Code §28(a)', recovered_at: FRIDAY_1700_LA, due_at: FRIDAY_1800_LA, extended_for: [], status: 'open' }),
        expect.objectContaining({ duty: 'seizure_notice', jurisdiction: 'US-CA', due_at: MONDAY_1700_LA, extended_for: ['weekend'], status: 'open' }),
      ]);
      const queue = t.app.get(QueueService).queue(JOB_DUTY_DEADLINE.queue);
      const [police, notice] = started as { id: string }[];
      expect(await queue.getJob(JOB_DUTY_DEADLINE.idOf({ dutyId: police!.id }))).toBeDefined();

      // police notified at 17:40 with the report number: fulfilled, timer gone, the deadline cannot breach it
      t.clock.set(at(FRIDAY_1700_LA, 40 * 60_000));
      expect((await t.http.post(`/v1/jobs/${work.jobId}/events`).set(work.tow.auth).send({ type: 'police_notified', report_number: 'LAPD-27-000412', agency: 'LAPD Van Nuys' })).status).toBe(201);
      await eventually(async () => (await queue.getJob(JOB_DUTY_DEADLINE.idOf({ dutyId: police!.id }))) === undefined, 5000, 'the police timer to be cancelled');
      const handler = t.app.get(JobDutyDeadlineJob);
      t.clock.set(at(FRIDAY_1800_LA, 1000));
      expect(await handler.handle({ dutyId: police!.id })).toEqual({ breached: false });

      // notice: not yet due on Sunday evening; breached just after Monday 17:00
      t.clock.set(at(MONDAY_1700_LA, -3_600_000));
      expect(await handler.handle({ dutyId: notice!.id })).toEqual({ breached: false });
      t.clock.set(at(MONDAY_1700_LA, 1000));
      expect(await handler.handle({ dutyId: notice!.id })).toEqual({ breached: true });
      expect(await handler.handle({ dutyId: notice!.id })).toEqual({ breached: false });
      const [breach] = await t.db.query(`SELECT id, payload FROM outbox_events WHERE type = 'job.duty_breached' AND aggregate_id = $1`, [work.jobId]);
      expect(breach.payload).toMatchObject({ duty: 'seizure_notice', jurisdiction: 'US-CA', due_at: MONDAY_1700_LA, partner_org_id: work.tow.orgId });

      // fulfilled late: stays breached, the fulfilment kept beside it
      expect((await t.http.post(`/v1/jobs/${work.jobId}/events`).set(work.tow.auth).send({ type: 'seizure_notice_sent', method: 'certified_mail', inventory_enclosed: true })).status).toBe(201);
      expect(await duties(work.jobId, work.tow)).toEqual([
        expect.objectContaining({ duty: 'police_notification', status: 'fulfilled', fulfilled_at: at(FRIDAY_1700_LA, 40 * 60_000).toISOString(), breached_at: null }),
        expect.objectContaining({ duty: 'seizure_notice', status: 'breached', breached_at: at(MONDAY_1700_LA, 1000).toISOString(), fulfilled_at: expect.any(String) }),
      ]);
      expect((await t.http.get(`/v1/partners/${work.tow.orgId}/duty-statistics`).set(lender.auth).expect(200)).body).toEqual({ partner_org_id: work.tow.orgId, open: 0, fulfilled: 1, breached: 1, fulfilled_on_time_bps: 5000 });

      // the breach reaches the lender's and the partner's inboxes
      await eventually(async () => (await t.db.query(`SELECT 1 FROM event_consumptions WHERE event_id = $1 AND consumer = 'notifications.fanout'`, [breach.id])).length > 0, 10_000, 'the fan-out');
      for (const who of [lender, work.tow]) {
        const inbox = (await t.http.get('/v1/notifications').set(who.auth).expect(200)).body.data as { type: string; title: string }[];
        expect(inbox).toContainEqual(expect.objectContaining({ type: 'job.duty_breached', title: expect.stringContaining('Repossession duty missed') }));
      }
    });

    it('a duty whose timer was lost is breached by the sweep', async () => {
      const work = await anAcceptedRepossession(t, admin, lender);
      t.clock.set(at(FRIDAY_1700_LA, 5 * 60_000));
      expect((await recover(work.jobId, work.tow)).status).toBe(201);
      t.clock.set(at(FRIDAY_1800_LA, 1000));
      expect(await t.app.get(Deadlines).sweep(JOB_DUTY_DEADLINE)).toEqual({ swept: 1 });
      expect((await duties(work.jobId, lender)).map((d) => [d.duty, d.status])).toEqual([
        ['police_notification', 'breached'],
        ['seizure_notice', 'open'],
      ]);
    });

    it('outside a state with its own rules the US default applies (police within 1 hour only)', async () => {
      const tow = await aLicensedTowOperator(t, admin, 'US-NV');
      const work = await anAcceptedRepossession(t, admin, lender, { tow, region: 'US-NV' });
      t.clock.set(at(FRIDAY_1700_LA, 5 * 60_000));
      expect((await recover(work.jobId, work.tow)).status).toBe(201);
      expect((await duties(work.jobId, lender)).map((d) => [d.duty, d.jurisdiction, d.due_at])).toEqual([['police_notification', 'US', FRIDAY_1800_LA]]);
    });

    it('refuses a fulfilling event with a bad field (400), writing nothing; others read no duties (404)', async () => {
      const work = await anAcceptedRepossession(t, admin, lender);
      t.clock.set(at(FRIDAY_1700_LA, 5 * 60_000));
      expect((await recover(work.jobId, work.tow)).status).toBe(201);
      const events = () => count(t, `SELECT count(*) AS n FROM job_events WHERE job_id = $1`, [work.jobId]);
      const before = await events();
      const bad = expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/events`).set(work.tow.auth).send({ type: 'police_notified', agency: 'LAPD' }), 400, 'validation.failed');
      expect(bad.errors).toEqual([{ field: 'report_number', message: 'is required' }]);
      expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/events`).set(work.tow.auth).send({ type: 'seizure_notice_sent', method: 'pigeon', inventory_enclosed: true }), 400, 'validation.failed');
      expect(await events()).toBe(before);
      expect((await duties(work.jobId, lender)).map((d) => d.status)).toEqual(['open', 'open']);

      const stranger = await aLender(t).build();
      expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/duties`).set(stranger.auth), 404, 'job.not_found');
      expectProblem(await t.http.get(`/v1/jobs/not-a-job/duties`).set(lender.auth), 404, 'job.not_found');
      expectProblem(await t.http.get(`/v1/partners/not-an-org/duty-statistics`).set(lender.auth), 404, 'partner.not_found');
      // A partner's record is its own, the platform's and its lenders' to read: another partner, or an org that is no partner, is 404.
      const otherTow = await aLicensedTowOperator(t, admin, 'US-CA');
      expectProblem(await t.http.get(`/v1/partners/${work.tow.orgId}/duty-statistics`).set(otherTow.auth), 404, 'partner.not_found');
      expectProblem(await t.http.get(`/v1/partners/${stranger.orgId}/duty-statistics`).set(lender.auth), 404, 'partner.not_found');
      expect((await t.http.get(`/v1/partners/${work.tow.orgId}/duty-statistics`).set(work.tow.auth)).status).toBe(200);
      expect((await t.http.get(`/v1/partners/${work.tow.orgId}/duty-statistics`).set(admin.auth)).status).toBe(200);
    });
  });
});
