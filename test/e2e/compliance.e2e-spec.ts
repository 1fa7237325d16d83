import { DomainError } from '../../src/common/problem/problem';
import { Principal } from '../../src/common/tenancy/principal';
import { ComplianceService, ContactAttemptInput } from '../../src/compliance/compliance.service';
import { eventually } from '../support/eventually';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const NY_BORROWER = { borrower: { timezone: 'America/New_York', region: 'US-NY', phone: '+12125550123' } };
const CN_BORROWER = { borrower: { timezone: 'Asia/Shanghai', region: 'CN-GD', phone: '+8613800138000', national_id: '440101199001011234', address: { line1: '1 Zhujiang Rd', city: 'Guangzhou', postal_code: '510000' } } };

describe('compliance: rules as data, contact attempts admitted or refused, may I contact now?', () => {
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

  /** A case of the lender assigned to each partner in turn (one job each, accepted). */
  async function assigned(partner: OrgSession, caseId: string) {
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId]));
    expect(listing.status).toBe(201);
    expect((await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(partner.auth).send(aBid(1500))).status).toBe(201);
    const award = await t.http.post(`/v1/listings/${listing.body.id}/award`).set(lender.auth).send({ auto: true });
    expect(award.status).toBe(200);
    const jobId = award.body.jobs[0].id as string;
    expect((await t.http.post(`/v1/jobs/${jobId}/accept`).set(partner.auth)).status).toBe(200);
    return jobId;
  }

  const principalOf = (s: OrgSession): Principal => ({ orgId: s.orgId, orgKind: s.kind as Principal['orgKind'], role: 'owner', userId: null, apiKeyId: null });

  function attempt(partner: OrgSession, jobId: string, caseId: string, at: string, over: Partial<ContactAttemptInput> = {}): ContactAttemptInput {
    return {
      principal: principalOf(partner),
      lenderOrgId: lender.orgId,
      partnerOrgId: partner.orgId,
      jobId,
      workKind: 'collection',
      caseIds: [caseId],
      channel: 'call',
      direction: 'outbound',
      outcome: 'no_answer',
      contactUsed: null,
      at: new Date(at),
      recordingRef: 'rec-1',
      ...over,
    };
  }

  const admit = (input: ContactAttemptInput) => t.db.transaction((m) => t.app.get(ComplianceService).admitContactAttempt(m, input));

  describe('rule sets (GET/PUT /v1/admin/compliance-rules)', () => {
    it('lists the seeded sets to platform staff, refuses others', async () => {
      const res = await t.http.get('/v1/admin/compliance-rules').set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body.data.map((s: { jurisdiction: string }) => s.jurisdiction)).toEqual(expect.arrayContaining(['*', 'CN', 'US', 'US-MA']));
      const us = (await t.http.get('/v1/admin/compliance-rules?jurisdiction=US').set(admin.auth)).body.data[0];
      expect(us.rules.find((r: { code: string }) => r.code === 'us.call_frequency')).toMatchObject({ kind: 'attempt_cap', citation: 'Reg F 12 CFR §1006.14(b)(2)(i)(A)', parameters: { max: 7, days: 7 } });
      expectProblem(await t.http.get('/v1/admin/compliance-rules').set(lender.auth), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.get('/v1/admin/compliance-rules?jurisdiction=usa').set(admin.auth), 400, 'validation.failed');
    });

    it('refuses a rule whose parameters do not fit its kind, writing nothing', async () => {
      const before = await count(t, 'SELECT count(*) n FROM compliance_rule_sets');
      const body = expectProblem(
        await t.http
          .put('/v1/admin/compliance-rules')
          .set(admin.auth)
          .send({ jurisdiction: 'US-TX', rules: [{ code: 'tx.cap', kind: 'attempt_cap', citation: 'test', parameters: { max: 'seven', window: 'weekly' } }] }),
        400,
        'validation.failed',
      );
      expect(body.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['rules[0].parameters.max', 'rules[0].parameters.window']));
      expect(await count(t, 'SELECT count(*) n FROM compliance_rule_sets')).toBe(before);
      expectProblem(await t.http.put('/v1/admin/compliance-rules').set(lender.auth).send({ jurisdiction: 'US-TX', rules: [] }), 403, 'auth.wrong_org_kind');
    });

    it('writes the next version effective from a moment, audited with before and after; the old version stays in force until then', async () => {
      const rules = [{ code: 'us-ma.call_frequency', kind: 'attempt_cap', citation: 'Mass. 940 CMR 7.04(1)(f)', description: 'tightened', parameters: { max: 1, window: 'rolling_days', days: 7, scope: 'debt', counts: 'communication', channels: ['call'] } }];
      const res = await t.http.put('/v1/admin/compliance-rules').set(admin.auth).send({ jurisdiction: 'US-MA', effective_from: '2030-01-01T00:00:00.000Z', rules });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ jurisdiction: 'US-MA', version: 2, effective_from: '2030-01-01T00:00:00.000Z', rules: [{ code: 'us-ma.call_frequency', parameters: { max: 1 } }] });
      const [entry] = await t.db.query(`SELECT changes FROM audit_log WHERE action = 'compliance_rules.replace' AND entity_id = $1`, [res.body.id]);
      expect(entry.changes.version).toEqual({ before: 1, after: 2 });
      expect(entry.changes.rules.before[0].parameters.max).toBe(2);
      expect(entry.changes.rules.after[0].parameters.max).toBe(1);
      await expect(t.db.query(`DELETE FROM compliance_rules WHERE rule_set_id = $1`, [res.body.id])).rejects.toThrow(/append-only/);
    });
  });

  describe('admitting contact attempts', () => {
    it('refuses the 8th call about a debt in 7 days with the rule and its numbers, audit-logged and counted, nothing stored', async () => {
      const partner = await aPartner(t, admin, { regions: ['US-NY'] });
      const caseId = await placeCase(t, lender, NY_BORROWER);
      const jobId = await assigned(partner, caseId);
      for (const d of [8, 9, 10, 11, 12, 13, 14]) await admit(attempt(partner, jobId, caseId, `2026-03-${String(d).padStart(2, '0')}T16:00:00Z`));
      const refused = await admit(attempt(partner, jobId, caseId, '2026-03-14T20:00:00Z')).then(
        () => null,
        (err: DomainError) => err,
      );
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'compliance.contact_refused', status: 422 });
      expect(refused!.errors).toEqual([
        { field: 'contact_attempt', code: 'us.call_frequency', message: 'Reg F 12 CFR §1006.14(b)(2)(i)(A): 7 call attempts about this debt in the 7 days ending 2026-03-14 (America/New_York); the limit is 7' },
      ]);
      expect(refused!.extensions.next_allowed_at).toBe('2026-03-15T12:00:00.000Z');
      expect(await count(t, 'SELECT count(*) n FROM contact_history WHERE $1 = ANY(case_ids)', [caseId])).toBe(7);
      const [entry] = await t.db.query(`SELECT actor_org_id, party_org_ids, outcome_status, changes FROM audit_log WHERE action = 'compliance.contact_refused' AND entity_id = $1`, [jobId]);
      expect(entry).toMatchObject({ actor_org_id: partner.orgId, party_org_ids: expect.arrayContaining([lender.orgId, partner.orgId]), outcome_status: 422 });
      expect(entry.changes.violations[0]).toMatchObject({ code: 'us.call_frequency', numbers: { counted: 7, limit: 7, window_last_day: '2026-03-14' } });
      await eventually(async () => (await t.db.query(`SELECT compliance_refusals FROM partner_stats WHERE partner_org_id = $1 AND compliance_refusals = 1`, [partner.orgId]))[0], 20_000, 'refusal counted');

      // The dialer's question at the same moment gets the same answer and the earliest passing moment.
      const check = await t.http.post('/v1/compliance/check').set(partner.auth).send({ case_id: caseId, channel: 'call', at: '2026-03-14T20:00:00.000Z' });
      expect(check.status).toBe(200);
      expect(check.body).toMatchObject({ allowed: false, reasons: [{ code: 'us.call_frequency' }], next_allowed_at: '2026-03-15T12:00:00.000Z' });
      expect((await t.http.post('/v1/compliance/check').set(lender.auth).send({ case_id: caseId, channel: 'call', at: '2026-03-15T12:00:00.000Z' })).body).toMatchObject({ allowed: true, reasons: [] });
      // Records are kept: nothing deletes them within 3 years of the last contact (Reg F §1006.100).
      t.clock.set('2026-03-20T00:00:00Z');
      await expect(t.db.query('DELETE FROM contact_history WHERE $1 = ANY(case_ids)', [caseId])).rejects.toThrow(/3 years/);
      await expect(t.db.query(`UPDATE contact_history SET outcome = 'busy' WHERE $1 = ANY(case_ids)`, [caseId])).rejects.toThrow(/append-only/);
    });

    it('refuses any contact under bankruptcy or legal hold with no next moment', async () => {
      const caseId = await placeCase(t, lender, NY_BORROWER);
      expect((await t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'legal_hold', reason: 'court order' })).status).toBeLessThan(300);
      const res = await t.http.post('/v1/compliance/check').set(lender.auth).send({ case_id: caseId, channel: 'letter', at: '2026-03-16T16:00:00.000Z' });
      expect(res.body).toMatchObject({ allowed: false, reasons: [{ code: 'stop.legal_hold' }], next_allowed_at: null });
    });

    it('race: two agencies × 5 parallel connected calls on one CN borrower → exactly 3 accepted', async () => {
      const a = await aPartner(t, admin, { regions: ['CN-GD'] });
      const b = await aPartner(t, admin, { regions: ['CN-GD'] });
      // Two loans of one borrower (same national id), one with each agency: a split portfolio.
      const caseA = await placeCase(t, lender, CN_BORROWER);
      const caseB = await placeCase(t, lender, CN_BORROWER);
      const jobA = await assigned(a, caseA);
      const jobB = await assigned(b, caseB);
      const calls = [0, 1, 2, 3, 4].flatMap((i) => [
        attempt(a, jobA, caseA, `2026-03-16T0${i + 1}:00:00Z`, { outcome: 'right_party_contact' }),
        attempt(b, jobB, caseB, `2026-03-16T0${i + 1}:30:00Z`, { outcome: 'right_party_contact' }),
      ]);
      const results = await Promise.allSettled(calls.map(admit));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as DomainError).errors![0]!.code);
      expect(refusals).toEqual(Array(7).fill('cn.connected_calls_per_day'));
      expect(await count(t, 'SELECT count(*) n FROM contact_history WHERE case_ids && $1', [[caseA, caseB]])).toBe(3);
    });

    it('answers "may I contact now?" only to the owning lender and the agency on the case', async () => {
      const partner = await aPartner(t, admin, { regions: ['US-NY'] });
      const stranger = await aPartner(t, admin, { regions: ['US-NY'] });
      const caseId = await placeCase(t, lender, NY_BORROWER);
      await assigned(partner, caseId);
      const late = await t.http.post('/v1/compliance/check').set(partner.auth).send({ case_id: caseId, channel: 'call', at: '2026-03-17T01:00:00.000Z' });
      expect(late.body).toMatchObject({
        allowed: false,
        reasons: [{ code: 'us.contact_window', citation: 'FDCPA 15 U.S.C. §1692c(a)(1); Reg F 12 CFR §1006.6(b)(1)(i)', numbers: { local_time: '21:00', zone: 'America/New_York' } }],
        next_allowed_at: '2026-03-17T12:00:00.000Z',
      });
      t.clock.set('2026-03-16T16:00:00Z');
      expect((await t.http.post('/v1/compliance/check').set(lender.auth).send({ case_id: caseId, channel: 'call' })).body).toMatchObject({ allowed: true, next_allowed_at: '2026-03-16T16:00:00.000Z' });
      expectProblem(await t.http.post('/v1/compliance/check').set(stranger.auth).send({ case_id: caseId, channel: 'call' }), 404, 'case.not_found');
      expectProblem(await t.http.post('/v1/compliance/check').set((await aLender(t).build()).auth).send({ case_id: caseId, channel: 'call' }), 404, 'case.not_found');
      expectProblem(await t.http.post('/v1/compliance/check').set(lender.auth).send({ case_id: caseId, channel: 'fax' }), 400, 'validation.failed');
      expectProblem(await t.http.post('/v1/compliance/check').set(lender.auth).send({ case_id: 'nope', channel: 'call' }), 400, 'validation.failed');
    });
  });

  describe('through POST /v1/jobs/{id}/events (contact_attempt)', () => {
    const call = (s: OrgSession, jobId: string, body: Record<string, unknown>) => t.http.post(`/v1/jobs/${jobId}/events`).set(s.auth).send({ type: 'contact_attempt', channel: 'call', recording_ref: 'rec-9', ...body });

    it('a refused attempt is 422 naming the rule, audit-logged, and nothing of it is stored', async () => {
      const partner = await aPartner(t, admin, { regions: ['US-NY'] });
      const caseId = await placeCase(t, lender, NY_BORROWER);
      const jobId = await assigned(partner, caseId);
      t.clock.set('2026-03-17T01:30:00Z');
      const late = await call(partner, jobId, { outcome: 'no_answer', occurred_at: '2026-03-17T01:00:00.000Z' });
      const body = expectProblem(late, 422, 'compliance.contact_refused');
      expect(body.errors).toEqual([{ field: 'contact_attempt', code: 'us.contact_window', message: 'FDCPA 15 U.S.C. §1692c(a)(1); Reg F 12 CFR §1006.6(b)(1)(i): 21:00 on 2026-03-16 in America/New_York (address) is outside 08:00–21:00' }]);
      expect(body).toMatchObject({ next_allowed_at: '2026-03-17T12:00:00.000Z', violations: [{ code: 'us.contact_window', numbers: { local_time: '21:00' } }] });
      expect(await count(t, 'SELECT count(*) n FROM job_events WHERE job_id = $1', [jobId])).toBe(0);
      expect(await count(t, 'SELECT count(*) n FROM contact_history WHERE job_id = $1', [jobId])).toBe(0);
      expect((await t.db.query('SELECT status FROM jobs WHERE id = $1', [jobId]))[0].status).toBe('accepted');
      expect(await count(t, `SELECT count(*) n FROM audit_log WHERE action = 'compliance.contact_refused' AND entity_id = $1`, [jobId])).toBe(1);
      // The same attempt inside the window is accepted and counted.
      const ok = await call(partner, jobId, { outcome: 'no_answer', occurred_at: '2026-03-16T20:00:00.000Z' });
      expect(ok.status).toBe(201);
      expect(await count(t, 'SELECT count(*) n FROM contact_history WHERE job_id = $1 AND job_event_id = $2', [jobId, ok.body.id])).toBe(1);
    });

    it('flags stop contact: cease_contact refuses, with no next moment', async () => {
      const partner = await aPartner(t, admin, { regions: ['US-NY'] });
      const caseId = await placeCase(t, lender, NY_BORROWER);
      const jobId = await assigned(partner, caseId);
      expect((await t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'cease_contact', reason: 'written request received' })).status).toBeLessThan(300);
      t.clock.set('2026-03-16T16:05:00Z');
      const body = expectProblem(await call(partner, jobId, { outcome: 'no_answer', occurred_at: '2026-03-16T16:00:00.000Z' }), 422, 'compliance.contact_refused');
      expect(body).toMatchObject({ next_allowed_at: null, violations: [{ code: 'stop.cease_contact', citation: 'FDCPA 15 U.S.C. §1692c(c); Reg F 12 CFR §1006.6(c)(1)' }] });
    });

    it('race through HTTP: two agencies × 5 parallel connected calls on one CN borrower → exactly 3 accepted', async () => {
      const a = await aPartner(t, admin, { regions: ['CN-GD'] });
      const b = await aPartner(t, admin, { regions: ['CN-GD'] });
      const borrower = { ...CN_BORROWER, borrower: { ...CN_BORROWER.borrower, national_id: '440101199202021111' } };
      const caseA = await placeCase(t, lender, borrower);
      const caseB = await placeCase(t, lender, borrower);
      const jobA = await assigned(a, caseA);
      const jobB = await assigned(b, caseB);
      t.clock.set('2026-03-16T06:00:00Z');
      const answers = await Promise.all(
        [0, 1, 2, 3, 4].flatMap((i) => [
          call(a, jobA, { outcome: 'right_party_contact', occurred_at: `2026-03-16T0${i}:10:00.000Z` }),
          call(b, jobB, { outcome: 'right_party_contact', occurred_at: `2026-03-16T0${i}:20:00.000Z` }),
        ]),
      );
      expect(answers.filter((r) => r.status === 201)).toHaveLength(3);
      const refused = answers.filter((r) => r.status !== 201);
      expect(refused.map((r) => [r.status, r.body.code, r.body.errors[0].code])).toEqual(Array(7).fill([422, 'compliance.contact_refused', 'cn.connected_calls_per_day']));
      expect(await count(t, `SELECT count(*) n FROM job_events WHERE job_id = ANY($1) AND type = 'contact_attempt'`, [[jobA, jobB]])).toBe(3);
      // A CN call needs its recording reference.
      const unrecorded = expectProblem(await t.http.post(`/v1/jobs/${jobA}/events`).set(a.auth).send({ type: 'contact_attempt', channel: 'call', outcome: 'no_answer', occurred_at: '2026-03-16T05:00:00.000Z' }), 422, 'compliance.contact_refused');
      expect(unrecorded.errors!.map((e) => (e as { code?: string }).code)).toEqual(['cn.call_recording']);
    });
  });

  describe('audit log (GET /v1/audit-log)', () => {
    it('a lender reads its own and its agencies’ refusals on its cases, another lender sees none; CSV; platform reads all', async () => {
      const other = await aLender(t).build();
      const mine = await t.http.get('/v1/audit-log?action=compliance.contact_refused&limit=1').set(lender.auth);
      expect(mine.status).toBe(200);
      expect(mine.body.data).toHaveLength(1);
      expect(mine.body.data[0]).toMatchObject({ action: 'compliance.contact_refused', party_org_ids: expect.arrayContaining([lender.orgId]), changes: { violations: expect.any(Array) } });
      expect(mine.body.next_cursor).toEqual(expect.any(String));
      const next = await t.http.get(`/v1/audit-log?action=compliance.contact_refused&limit=1&cursor=${mine.body.next_cursor}`).set(lender.auth);
      expect(next.body.data[0].id).not.toBe(mine.body.data[0].id);
      expect((await t.http.get('/v1/audit-log?action=compliance.contact_refused').set(other.auth)).body.data).toEqual([]);
      const csv = await t.http.get('/v1/audit-log/export.csv?action=compliance.contact_refused').set(lender.auth);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.split('\n')[0]).toBe('id,created_at,actor_org_id,actor_user_id,actor_api_key_id,party_org_ids,action,entity_type,entity_id,outcome_status,changes,request_id,ip');
      expect(csv.text).toContain('compliance.contact_refused');
      const all = await t.http.get('/v1/audit-log?action=compliance_rules.replace').set(admin.auth);
      expect(all.body.data.length).toBeGreaterThan(0);
      const agency = await aPartner(t, admin);
      expectProblem(await t.http.get('/v1/audit-log').set(agency.auth), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.get('/v1/audit-log?from=yesterday').set(lender.auth), 400, 'validation.failed');
      expectProblem(await t.http.get('/v1/audit-log?cursor=bogus').set(lender.auth), 400, 'validation.failed');
    });
  });
});
