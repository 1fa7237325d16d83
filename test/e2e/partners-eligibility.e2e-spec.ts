import { mkdtemp, rm } from 'node:fs/promises';
import type { Response } from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, calendarDateOf } from '../../src/common/calendar/calendar-date';
import { CredentialExpiryJob } from '../../src/partners/credential-expiry.job';
import { BuyerVerificationService, Eligibility, PartnerEligibilityService } from '../../src/partners/partner-eligibility.service';
import { aBuyer, aLender, anAgency, aTowOperator, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const TODAY = calendarDateOf(new Date());
const day = (offset: number) => addDays(TODAY, offset);
const noon = (date: string) => `${date}T12:00:00.000Z`;

type Fields = Record<string, string>;
const licence = (over: Fields = {}): Fields => ({ type: 'repossession_licence', number: 'BSIS-1', issuing_region: 'US-CA', effective_on: day(-100), expires_on: day(600), ...over });
const onHook = (over: Fields = {}): Fields => ({
  type: 'on_hook',
  number: 'OH-1',
  issuing_region: 'US',
  coverage_amount: '25000000',
  coverage_currency: 'USD',
  effective_on: day(-100),
  expires_on: day(300),
  ...over,
});
const liability = (over: Fields = {}): Fields => ({
  type: 'general_liability',
  number: 'GL-1',
  issuing_region: 'US',
  coverage_amount: '200000000',
  coverage_currency: 'USD',
  effective_on: day(-100),
  expires_on: day(300),
  ...over,
});
const CA_REPO = () => [licence(), onHook(), liability()];

interface PartnerSpec {
  kind?: 'tow_operator' | 'agency';
  capabilities?: string[];
  service_areas?: Record<string, unknown>[];
  credentials?: Fields[];
  /** Where the vetting stops. */
  until?: 'applied' | 'under_review' | 'approved' | 'suspended';
}

describe('partners: eligibility, directory, buyers, daily credential job', () => {
  let t: TestApp;
  let dataDir: string;
  let admin: OrgSession;
  let eligibility: PartnerEligibilityService;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'reclaim-partners-'));
    t = await createTestApp({ ...platformAdminEnv(), DATA_DIR: dataDir });
    admin = await loginPlatformAdmin(t);
    eligibility = t.app.get(PartnerEligibilityService);
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (session: OrgSession, fields: Fields) => {
    let req = t.http.post('/v1/partner-profile/credentials').set(session.auth);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('document', PDF, { filename: 'certificate.pdf', contentType: 'application/pdf' });
  };
  const act = (orgId: string, action: string, reason = `${action} by test`) => t.http.post(`/v1/admin/partners/${orgId}/${action}`).set(admin.auth).send({ reason });

  async function partner(spec: PartnerSpec = {}): Promise<OrgSession> {
    const session = await (spec.kind === 'agency' ? anAgency(t) : aTowOperator(t)).build();
    const capabilities = spec.capabilities ?? ['repossession', 'transport'];
    const profile = await t.http
      .put('/v1/partner-profile')
      .set(session.auth)
      .send({
        legal_name: `${session.kind} LLC`,
        registration_number: 'REG-1',
        contacts: [{ name: 'Ops', email: 'ops@partner.example' }],
        capabilities,
        service_areas: spec.service_areas ?? [{ region: 'US-CA' }],
        capacity: { max_concurrent_jobs: 10 },
      });
    expect(profile.status).toBe(200);
    for (const fields of spec.credentials ?? CA_REPO()) expect((await upload(session, fields)).status).toBe(201);
    const until = spec.until ?? 'approved';
    if (until === 'applied') return session;
    expect((await t.http.post('/v1/partner-profile/submit').set(session.auth)).status).toBe(200);
    if (until === 'under_review') return session;
    expect((await act(session.orgId, 'approve')).status).toBe(200);
    if (until === 'suspended') expect((await act(session.orgId, 'suspend')).status).toBe(200);
    return session;
  }

  const codes = (result: Eligibility) => result.reasons.map((r) => r.code);

  describe('mayServe: may partner P serve capability C in region R on date D', () => {
    it('says yes, with no reasons, to an approved partner with valid credentials', async () => {
      const p = await partner();
      expect(await eligibility.mayServe(p.orgId, { capability: 'repossession', region: 'US-CA', on: day(0) })).toEqual({ eligible: true, reasons: [] });
    });

    it.each<[string, PartnerSpec, { capability: 'repossession' | 'legal' | 'transport'; region: string; on: number }, string[], string | null]>([
      ['missing credential', { credentials: [onHook(), liability()] }, { capability: 'repossession', region: 'US-CA', on: 0 }, ['credential.missing'], 'repossession_licence'],
      [
        'insufficient coverage',
        { credentials: [licence(), onHook({ coverage_amount: '9999999' }), liability()] },
        { capability: 'repossession', region: 'US-CA', on: 0 },
        ['credential.insufficient_coverage'],
        'on_hook',
      ],
      [
        'coverage in another currency',
        { credentials: [licence(), onHook({ coverage_currency: 'CAD' }), liability()] },
        { capability: 'repossession', region: 'US-CA', on: 0 },
        ['credential.insufficient_coverage'],
        'on_hook',
      ],
      ['expired on date D', { credentials: [licence(), onHook({ expires_on: day(10) }), liability()] }, { capability: 'repossession', region: 'US-CA', on: 11 }, ['credential.expired'], 'on_hook'],
      ['not yet effective on date D', { credentials: [licence({ effective_on: day(5) }), onHook(), liability()] }, { capability: 'repossession', region: 'US-CA', on: 0 }, ['credential.not_yet_effective'], 'repossession_licence'],
      ['licence from another state', { credentials: [licence({ issuing_region: 'US-NV' }), onHook(), liability()] }, { capability: 'repossession', region: 'US-CA', on: 0 }, ['credential.wrong_region'], 'repossession_licence'],
      ['region not covered', {}, { capability: 'repossession', region: 'US-TX', on: 0 }, ['partner.region_not_covered'], null],
      ['capability missing', {}, { capability: 'legal', region: 'US-CA', on: 0 }, ['partner.capability_missing'], null],
      ['not approved (under review)', { until: 'under_review' }, { capability: 'repossession', region: 'US-CA', on: 0 }, ['partner.not_approved'], null],
      ['not approved (suspended)', { until: 'suspended' }, { capability: 'repossession', region: 'US-CA', on: 0 }, ['partner.not_approved'], null],
      [
        'several things at once',
        { until: 'under_review', credentials: [onHook({ coverage_amount: '100' })] },
        { capability: 'repossession', region: 'US-CA', on: 0 },
        ['partner.not_approved', 'credential.missing', 'credential.missing', 'credential.insufficient_coverage'],
        null,
      ],
    ])('says no when %s, with the reasons', async (_name, spec, question, expected, credentialType) => {
      const p = await partner(spec);
      const result = await eligibility.mayServe(p.orgId, { capability: question.capability, region: question.region, on: day(question.on) });
      expect(result.eligible).toBe(false);
      expect([...codes(result)].sort()).toEqual([...expected].sort());
      for (const reason of result.reasons) expect(reason.message).toEqual(expect.any(String));
      if (credentialType) expect(result.reasons[0]!.credential_type).toBe(credentialType);
    });

    it('is valid through the expiry day itself', async () => {
      const p = await partner({ credentials: [licence(), onHook({ expires_on: day(10) }), liability()] });
      expect((await eligibility.mayServe(p.orgId, { capability: 'repossession', region: 'US-CA', on: day(10) })).eligible).toBe(true);
    });

    it('answers no for an org without a profile, and over HTTP for lenders', async () => {
      const lender = await aLender(t).build();
      expect(codes(await eligibility.mayServe(lender.orgId, { capability: 'repossession', region: 'US-CA' }))).toEqual(['partner.not_approved']);
      const p = await partner({ credentials: [onHook(), liability()] });
      const res = await t.http.get(`/v1/partners/${p.orgId}/eligibility?capability=repossession&region=US-CA`).set(lender.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ eligible: false, on: expect.any(String), reasons: [{ code: 'credential.missing', credential_type: 'repossession_licence' }] });
      const bad = expectProblem(await t.http.get(`/v1/partners/${p.orgId}/eligibility?capability=repossession&region=California`).set(lender.auth), 400, 'validation.failed');
      expect(bad.errors!.map((e) => e.field)).toEqual(['region']);
    });
  });

  describe('directory', () => {
    let caFull: OrgSession;
    let caNoLicence: OrgSession;
    let caTransportOnly: OrgSession;
    let caPending: OrgSession;
    let texas: OrgSession;
    let texasAgency: OrgSession;
    let renoOnly: OrgSession;
    let lender: OrgSession;
    let mine: Set<string>;

    beforeAll(async () => {
      caFull = await partner();
      caNoLicence = await partner({ credentials: [onHook(), liability()] });
      caTransportOnly = await partner({ capabilities: ['transport'], credentials: [onHook()] });
      caPending = await partner({ until: 'under_review' });
      texas = await partner({ service_areas: [{ region: 'US-TX' }], credentials: [onHook(), liability()] });
      texasAgency = await partner({ kind: 'agency', capabilities: ['soft_collection', 'skip_trace'], service_areas: [{ region: 'US-TX' }], credentials: [] });
      renoOnly = await partner({ capabilities: ['transport'], service_areas: [{ region: 'US-NV', postal_prefixes: ['895'] }], credentials: [onHook()] });
      lender = await aLender(t).build();
      mine = new Set([caFull, caNoLicence, caTransportOnly, caPending, texas, texasAgency, renoOnly].map((p) => p.orgId));
    });

    async function listed(query: string): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t.http.get(`/v1/partners?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).set(lender.auth);
        expect(res.status).toBe(200);
        ids.push(...res.body.data.map((p: { org_id: string }) => p.org_id));
        cursor = res.body.next_cursor;
      } while (cursor);
      return ids.filter((id) => mine.has(id)).sort();
    }
    const sorted = (...sessions: OrgSession[]) => sessions.map((s) => s.orgId).sort();

    it.each<[string, string, () => OrgSession[]]>([
      ['repossession in US-CA: approved, licensed, insured', 'capability=repossession&region=US-CA', () => [caFull]],
      ['transport in US-CA', 'capability=transport&region=US-CA', () => [caFull, caNoLicence, caTransportOnly]],
      ['anything in US-TX', 'region=US-TX', () => [texas, texasAgency]],
      ['repossession in US-TX', 'capability=repossession&region=US-TX', () => [texas]],
      ['soft collection anywhere', 'capability=soft_collection', () => [texasAgency]],
      ['transport in US-NV (part of the state)', 'capability=transport&region=US-NV', () => [renoOnly]],
      ['nobody in CN-GD', 'region=CN-GD', () => []],
      ['every approved partner', '', () => [caFull, caNoLicence, caTransportOnly, texas, texasAgency, renoOnly]],
    ])('filters %s', async (_name, query, expected) => {
      expect(await listed(query)).toEqual(sorted(...expected()));
    });

    it('answers capacity, service areas, the scorecard of a partner without history and credential metadata only', async () => {
      const res = await t.http.get('/v1/partners?capability=transport&region=US-NV').set(lender.auth);
      const entry = res.body.data.find((p: { org_id: string }) => p.org_id === renoOnly.orgId);
      expect(entry).toMatchObject({
        status: 'approved',
        covers: 'part_of_region',
        capacity: { max_concurrent_jobs: 10, active_jobs: null },
        service_areas: [{ region: 'US-NV', postal_prefixes: ['895'] }],
        scorecard: { jobs_assigned: 0, jobs_completed: 0, recovery_rate: null, sla_breach_rate: null, complaint_rate: null, score: null },
        credentials: [{ type: 'on_hook', coverage: { amount: 25_000_000, currency: 'USD' }, document: { content_type: 'application/pdf' } }],
      });
      expect(entry.credentials[0].document.url).toBeUndefined();
      expect(entry.vetting_history).toBeUndefined();
    });

    it('refuses bad filters with field errors', async () => {
      const body = expectProblem(await t.http.get('/v1/partners?capability=teleport&region=us-ca').set(lender.auth), 400, 'validation.failed');
      expect(body.errors!.map((e) => e.field).sort()).toEqual(['capability', 'region']);
    });
  });

  describe('buyers', () => {
    const buyerProfile = (buyerType: string, extra: Record<string, unknown> = {}) => ({
      legal_name: 'Bay Auto Wholesale',
      registration_number: 'DLR-77',
      contacts: [{ name: 'Sam', phone: '+1 415 555 0199' }],
      buyer_type: buyerType,
      ...extra,
    });

    it('lets a dealer bid once approved with a dealer licence', async () => {
      const buyer = await aBuyer(t).build();
      const buyers = t.app.get(BuyerVerificationService);
      expect((await t.http.put('/v1/partner-profile').set(buyer.auth).send(buyerProfile('dealer'))).status).toBe(200);
      expect(codes(await buyers.mayBid(buyer.orgId)).sort()).toEqual(['credential.missing', 'partner.not_approved']);
      expect((await upload(buyer, { type: 'dealer_licence', number: 'DL-1', issuing_region: 'US-CA', effective_on: day(-10), expires_on: day(365) })).status).toBe(201);
      await t.http.post('/v1/partner-profile/submit').set(buyer.auth);
      await act(buyer.orgId, 'approve', 'dealer licence checked with the DMV');
      expect(await buyers.mayBid(buyer.orgId)).toEqual({ eligible: true, reasons: [] });
      expect(codes(await buyers.mayBid(buyer.orgId, day(366)))).toEqual(['credential.expired']);
      const mineRes = await t.http.get('/v1/partner-profile').set(buyer.auth);
      expect(mineRes.body.bidding).toEqual({ eligible: true, reasons: [] });
    });

    it('needs an admin-recorded identity check for an individual', async () => {
      const buyer = await aBuyer(t).build();
      const buyers = t.app.get(BuyerVerificationService);
      expect((await t.http.put('/v1/partner-profile').set(buyer.auth).send(buyerProfile('individual', { registration_number: undefined }))).status).toBe(200);
      await t.http.post('/v1/partner-profile/submit').set(buyer.auth);
      await act(buyer.orgId, 'approve', 'application complete');
      expect(codes(await buyers.mayBid(buyer.orgId))).toEqual(['buyer.identity_unverified']);

      const future = expectProblem(
        await t.http.post(`/v1/admin/partners/${buyer.orgId}/identity-verification`).set(admin.auth).send({ reason: 'passport checked', verified_on: day(3) }),
        400,
        'validation.failed',
      );
      expect(future.errors!.map((e) => e.field)).toEqual(['verified_on']);
      const verified = await t.http.post(`/v1/admin/partners/${buyer.orgId}/identity-verification`).set(admin.auth).send({ reason: 'passport and utility bill checked' });
      expect(verified.status).toBe(200);
      expect(verified.body.identity_verification).toEqual({ verified_by: admin.userId, verified_on: expect.any(String) });
      expect(await buyers.mayBid(buyer.orgId)).toEqual({ eligible: true, reasons: [] });
      const events = await t.db.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1 AND type = 'buyer.identity_verified'`, [buyer.orgId]);
      expect(events).toHaveLength(1);
    });

    it('refuses identity checks for non-buyers and partner fields on buyers, storing nothing', async () => {
      const tow = await partner({ until: 'applied' });
      expectProblem(await t.http.post(`/v1/admin/partners/${tow.orgId}/identity-verification`).set(admin.auth).send({ reason: 'x' }), 422, 'partner.not_a_buyer');
      expect((await t.db.query('SELECT identity_verified_by FROM partner_profiles WHERE org_id = $1', [tow.orgId]))[0].identity_verified_by).toBeNull();

      const buyer = await aBuyer(t).build();
      const body = expectProblem(await t.http.put('/v1/partner-profile').set(buyer.auth).send(buyerProfile('dealer', { capabilities: ['repossession'], registration_number: undefined })), 400, 'validation.failed');
      expect(body.errors!.map((e) => e.field).sort()).toEqual(['capabilities', 'registration_number']);
      const noType = expectProblem(await t.http.put('/v1/partner-profile').set(buyer.auth).send(buyerProfile('dealer', { buyer_type: undefined })), 400, 'validation.failed');
      expect(noType.errors!.map((e) => e.field)).toEqual(['buyer_type']);
      expect(Number((await t.db.query('SELECT count(*) AS n FROM partner_profiles WHERE org_id = $1', [buyer.orgId]))[0].n)).toBe(0);
    });
  });

  describe('daily credential job', () => {
    const run = () => t.app.get(CredentialExpiryJob).handle({});
    const outbox = async (orgId: string, type: string) =>
      (await t.db.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY seq`, [orgId, type])).map((r: { payload: Record<string, unknown> }) => r.payload);

    it('warns once per threshold, suspends the day a required credential lapses, and lets an admin reinstate after renewal', async () => {
      const expires = day(40);
      const p = await partner({ credentials: [licence(), onHook({ expires_on: expires }), liability()] });
      const hookId = (await t.db.query(`SELECT id FROM partner_credentials WHERE org_id = $1 AND type = 'on_hook'`, [p.orgId]))[0].id as string;

      t.clock.set(noon(addDays(expires, -31)));
      await run();
      expect(await outbox(p.orgId, 'credential.expiring')).toEqual([]);

      t.clock.set(noon(addDays(expires, -30)));
      await run();
      await run();
      t.clock.set(noon(addDays(expires, -29)));
      await run();
      expect(await outbox(p.orgId, 'credential.expiring')).toEqual([
        // partner_name: the warning names the partner it is about (issue 9 §1).
        { org_id: p.orgId, partner_name: expect.any(String), credential_id: hookId, credential_type: 'on_hook', expires_on: expires, days_left: 30, threshold_days: 30 },
      ]);

      t.clock.set(noon(addDays(expires, -7)));
      await run();
      t.clock.set(noon(expires));
      await run();
      await run();
      expect((await outbox(p.orgId, 'credential.expiring')).map((e: Record<string, unknown>) => e.threshold_days)).toEqual([30, 7, 1]);
      expect(await t.db.query('SELECT threshold_days FROM credential_expiry_warnings WHERE credential_id = $1 ORDER BY threshold_days', [hookId])).toEqual([
        { threshold_days: 1 },
        { threshold_days: 7 },
        { threshold_days: 30 },
      ]);
      expect((await t.db.query('SELECT status FROM partner_profiles WHERE org_id = $1', [p.orgId]))[0].status).toBe('approved');

      // The day after the last valid day: suspended, once.
      t.clock.set(noon(addDays(expires, 1)));
      await run();
      await run();
      expect((await t.db.query('SELECT status FROM partner_profiles WHERE org_id = $1', [p.orgId]))[0].status).toBe('suspended');
      const suspensions = await outbox(p.orgId, 'partner.suspended');
      expect(suspensions).toEqual([
        expect.objectContaining({ from: 'approved', to: 'suspended', reason: 'credential_expired: on_hook', automatic: true, actor_user_id: null, lapsed: [{ credential_id: hookId, credential_type: 'on_hook', expires_on: expires }] }),
      ]);
      expect(await t.db.query(`SELECT reason, actor_user_id FROM partner_vetting_history WHERE org_id = $1 AND to_status = 'suspended'`, [p.orgId])).toEqual([
        { reason: 'credential_expired: on_hook', actor_user_id: null },
      ]);
      expect(await t.db.query(`SELECT actor_user_id, changes FROM audit_log WHERE entity_id = $1 AND action = 'partner.suspend'`, [p.orgId])).toEqual([
        { actor_user_id: null, changes: { status: { before: 'approved', after: 'suspended' }, reason: 'credential_expired: on_hook' } },
      ]);
      expect(codes(await eligibility.mayServe(p.orgId, { capability: 'repossession', region: 'US-CA' })).sort()).toEqual(['credential.expired', 'partner.not_approved']);

      // Reinstating before a valid credential is on file is refused, and changes nothing.
      const refused = expectProblem(await act(p.orgId, 'reinstate', 'please'), 422, 'partner.credentials_lapsed');
      expect(refused.reasons).toEqual([expect.objectContaining({ code: 'credential.expired', credential_type: 'on_hook' })]);
      expect((await t.db.query('SELECT status FROM partner_profiles WHERE org_id = $1', [p.orgId]))[0].status).toBe('suspended');
      expect(await outbox(p.orgId, 'partner.reinstated')).toEqual([]);

      expect((await upload(p, onHook({ number: 'OH-2', effective_on: addDays(expires, -5), expires_on: addDays(expires, 365) }))).status).toBe(201);
      const reinstated = await act(p.orgId, 'reinstate', 'renewed on-hook policy checked');
      expect(reinstated.status).toBe(200);
      expect(reinstated.body.status).toBe('approved');
      expect(await outbox(p.orgId, 'partner.reinstated')).toHaveLength(1);
      expect((await eligibility.mayServe(p.orgId, { capability: 'repossession', region: 'US-CA' })).eligible).toBe(true);
    });

    it('does not warn about an expiring credential that is already renewed, nor suspend for credentials nobody requires', async () => {
      const expires = day(20);
      const p = await partner({
        credentials: [
          licence(),
          onHook({ expires_on: expires }),
          onHook({ number: 'OH-NEXT', effective_on: addDays(expires, 1), expires_on: addDays(expires, 366) }),
          liability(),
          { type: 'dealer_licence', number: 'OLD', issuing_region: 'US-CA', effective_on: day(-400), expires_on: addDays(expires, 1) },
        ],
      });
      t.clock.set(noon(addDays(expires, -7)));
      await run();
      const warned = await outbox(p.orgId, 'credential.expiring');
      expect(warned.map((w: Record<string, unknown>) => w.credential_type)).toEqual(['dealer_licence']);
      t.clock.set(noon(addDays(expires, 3)));
      await run();
      expect((await t.db.query('SELECT status FROM partner_profiles WHERE org_id = $1', [p.orgId]))[0].status).toBe('approved');
      expect(await outbox(p.orgId, 'partner.suspended')).toEqual([]);
    });
  });
});
