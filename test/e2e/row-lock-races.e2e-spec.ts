import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aPartner } from '../support/marketplace';
import { aCaseOnAJob, confirmPayment } from '../support/payments';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * A case's flag holds its jobs (case row, then job rows) while its job's first report moves the
 * case (job row, then case rows), and payments and reports insert rows that reference both: the
 * orders cross. Row locks are `FOR NO KEY UPDATE` and a deadlock victim's transaction runs again
 * (`RetryingDataSource`), so every request gets a decision — never a 500.
 */
describe('row locks: a case and its job written at once', () => {
  let t: TestApp;
  let lender: OrgSession;
  let agency: OrgSession;
  let schedule: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    const admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    agency = await aPartner(t, admin);
  }, 120_000);
  afterAll(() => t.close());

  it('flags set and lifted, payments confirmed and reports made in parallel: each answered 2xx or 409, each accepted write stored once, the job held and the flag where the answers left it', async () => {
    for (let round = 0; round < 3; round++) {
      const { caseId, jobId } = await aCaseOnAJob(t, lender, schedule, agency);
      const calls: Promise<{ status: number; body: { code?: string } }>[] = [];
      const kinds: string[] = [];
      for (let i = 0; i < 4; i++) {
        calls.push(t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'legal_hold', reason: 'court order' }), t.http.delete(`/v1/cases/${caseId}/flags/legal_hold`).set(lender.auth).send({ reason: 'lifted' }));
        calls.push(confirmPayment(t, lender, caseId, 100 + i));
        calls.push(t.http.post(`/v1/jobs/${jobId}/events`).set(agency.auth).send({ type: 'payment_reported', amount: { amount: 100 + i, currency: 'USD' }, method: 'card', date: t.clock.today() }));
        kinds.push('flag', 'unflag', 'payment', 'report');
      }
      const answers = await Promise.all(calls);

      const refused = answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.body.code}`);
      expect(refused.filter((r) => !['409 case.flag_already_set', '409 case.flag_not_set', '409 job.on_hold'].includes(r))).toEqual([]);
      const accepted = (kind: string) => answers.filter((a, i) => kinds[i] === kind && a.status < 300).length;
      expect(Number((await t.db.query('SELECT count(*) AS n FROM payments WHERE case_id = $1', [caseId]))[0].n)).toBe(accepted('payment'));
      expect(Number((await t.db.query(`SELECT count(*) AS n FROM job_events WHERE job_id = $1 AND type = 'payment_reported'`, [jobId]))[0].n)).toBe(accepted('report'));
      // A hold stays until the lender resumes the job, whatever happens to the flag after (DESIGN §6).
      expect(accepted('flag')).toBeGreaterThan(0);
      expect((await t.http.get(`/v1/jobs/${jobId}`).set(agency.auth).expect(200)).body.status).toBe('on_hold');
      const flags: string[] = (await t.http.get(`/v1/cases/${caseId}`).set(lender.auth).expect(200)).body.flags;
      expect(flags.includes('legal_hold')).toBe(accepted('flag') > accepted('unflag'));
    }
  }, 240_000);
});
