import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { aLicensedTowOperator, anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import { createTestApp, TestApp } from '../support/test-app';

describe('letters of authorisation (issue 12)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let work: RepossessionJob;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).named('Acme Auto Finance').build();
    work = await anAcceptedRepossession(t, admin, lender);
  });
  afterAll(() => t.close());

  const letters = () => count(t, `SELECT count(*) AS n FROM job_authorisations`);
  const setStatus = (status: string) => t.db.query('UPDATE jobs SET status = $2 WHERE id = $1', [work.jobId, status]);

  it('is issued by the partner, printed in en and zh-CN, and stores only a hash of its code', async () => {
    const res = await t.http.post(`/v1/jobs/${work.jobId}/authorisations`).set(work.tow.auth).send({ language: 'zh-CN' }).expect(201);
    expect(res.body).toMatchObject({ job_id: work.jobId, language: 'zh-CN', verification_code: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/) });
    const code = res.body.verification_code as string;
    expect(res.body.verify_url).toMatch(new RegExp(`/v1/verify/${code}$`));
    const [row] = await t.db.query('SELECT code_hash FROM job_authorisations WHERE id = $1', [res.body.id]);
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'authorisation.issue' AND entity_id = $1`, [work.jobId])).toBe(1);

    const zh = await t.http.get(res.body.letter_path).set(work.tow.auth).expect(200);
    expect(zh.headers['content-type']).toMatch(/^text\/html/);
    for (const part of ['委托书', 'Acme Auto Finance', work.externalRef, work.vin, code, '@media print']) expect(zh.text).toContain(part);
    expect(zh.text).not.toMatch(/Jane Doe|123-45-6789|jane\.doe/);
    const en = await t.http.get(`${res.body.letter_path}?lang=en`).set(lender.auth).expect(200);
    expect(en.text).toContain('Letter of authorisation');
    expect(en.text).toContain(code);
  });

  it('is checked publicly: valid now and for whom, void the moment the job is held, recalled or ended', async () => {
    const issued = await t.http.post(`/v1/jobs/${work.jobId}/authorisations`).set(lender.auth).send({}).expect(201);
    const code = issued.body.verification_code as string;
    const check = () => t.http.get(`/v1/verify/${code.toLowerCase().replace(/-/g, ' ')}`);
    const ok = await check().expect(200);
    expect(ok.body).toEqual({ valid: true, reason: null, checked_at: expect.any(String), partner_name: expect.any(String), lender_name: 'Acme Auto Finance', work: 'repossession', valid_until: issued.body.valid_until });
    for (const [status, reason] of [
      ['on_hold', 'job_on_hold'],
      ['recalled', 'job_recalled'],
      ['completed', 'job_ended'],
    ]) {
      await setStatus(status);
      expect((await check().expect(200)).body).toMatchObject({ valid: false, reason });
    }
    await setStatus('accepted');
    t.clock.advance(31 * 86_400_000);
    expect((await check().expect(200)).body).toMatchObject({ valid: false, reason: 'expired' });
    t.clock.reset();
  });

  it('is void the moment the lender recalls the job, and a bankruptcy flag holds it (the real moves)', async () => {
    const recalled = await anAcceptedRepossession(t, admin, lender, { tow: work.tow });
    const code = (await t.http.post(`/v1/jobs/${recalled.jobId}/authorisations`).set(recalled.tow.auth).send({}).expect(201)).body.verification_code as string;
    expect((await t.http.get(`/v1/verify/${code}`).expect(200)).body.valid).toBe(true);
    expect((await t.http.post(`/v1/jobs/${recalled.jobId}/recall`).set(lender.auth).send({ reason: 'paid at the branch' })).status).toBe(200);
    expect((await t.http.get(`/v1/verify/${code}`).expect(200)).body).toMatchObject({ valid: false, reason: 'job_recalled' });

    const held = await anAcceptedRepossession(t, admin, lender, { tow: work.tow });
    const heldCode = (await t.http.post(`/v1/jobs/${held.jobId}/authorisations`).set(lender.auth).send({}).expect(201)).body.verification_code as string;
    expect((await t.http.post(`/v1/cases/${held.caseId}/flags`).set(lender.auth).send({ flag: 'bankruptcy', reason: 'chapter 7 filed' })).status).toBeLessThan(300);
    expect((await t.http.get(`/v1/verify/${heldCode}`).expect(200)).body).toMatchObject({ valid: false, reason: 'job_on_hold' });
  });

  it('answers 404 for an unknown or malformed code', async () => {
    expectProblem(await t.http.get('/v1/verify/0000-0000-0000-0000'), 404, 'authorisation.not_found');
    expectProblem(await t.http.get('/v1/verify/not-a-code'), 404, 'authorisation.not_found');
  });

  it('is refused to anyone but the job’s lender and partner (404), for a job not at work (409), in an unknown language (400): nothing written', async () => {
    const before = await letters();
    const stranger = await aLicensedTowOperator(t, admin);
    const otherLender = await aLender(t).build();
    for (const who of [stranger, otherLender]) {
      expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/authorisations`).set(who.auth).send({}), 404, 'job.not_found');
    }
    expectProblem(await t.http.post(`/v1/jobs/not-a-uuid/authorisations`).set(lender.auth).send({}), 404, 'job.not_found');
    expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/authorisations`).set(admin.auth).send({}), 403, 'auth.wrong_org_kind');
    const bad = expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/authorisations`).set(lender.auth).send({ language: 'fr' }), 400, 'validation.failed');
    expect(bad.errors!.map((e) => e.field)).toEqual(['language']);
    await setStatus('on_hold');
    const held = expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/authorisations`).set(lender.auth).send({}), 409, 'authorisation.job_not_active');
    expect(held).toMatchObject({ current: 'on_hold', allowed: ['accepted', 'in_progress'] });
    await setStatus('accepted');
    expect(await letters()).toBe(before);

    const [letter] = await t.db.query('SELECT id FROM job_authorisations WHERE job_id = $1 LIMIT 1', [work.jobId]);
    expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/authorisations/${letter.id}/letter`).set(stranger.auth), 404, 'job.not_found');
    expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/authorisations/00000000-0000-4000-8000-000000000000/letter`).set(lender.auth), 404, 'authorisation.not_found');
    const lang = expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/authorisations/${letter.id}/letter?lang=fr`).set(lender.auth), 400, 'validation.failed');
    expect(lang.errors!.map((e) => e.field)).toEqual(['lang']);
  });
});

describe('GET /v1/verify/:code is rate-limited per client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with retry_after past the limit', async () => {
    for (let i = 0; i < 3; i++) expectProblem(await t.http.get('/v1/verify/0000-0000-0000-0000'), 404, 'authorisation.not_found');
    const body = expectProblem(await t.http.get('/v1/verify/0000-0000-0000-0000'), 429, 'rate_limit.exceeded');
    expect(body.retry_after).toEqual(expect.any(Number));
  });
});
