import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

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
});
