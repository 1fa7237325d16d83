import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { addDays, calendarDateOf } from '../../src/common/calendar/calendar-date';
import { aLender, anAgency, aTowOperator, addUser, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const TODAY = calendarDateOf(new Date());
const day = (offset: number) => addDays(TODAY, offset);

function towProfile(overrides: Record<string, unknown> = {}) {
  return {
    legal_name: 'Golden State Recovery LLC',
    registration_number: 'CA-2019-004411',
    contacts: [{ name: 'Dana Ortiz', role: 'operations', email: 'dana@gsr.example', phone: '+1 510 555 0100' }],
    capabilities: ['repossession', 'transport', 'storage'],
    service_areas: [{ region: 'US-CA' }, { region: 'US-NV', postal_prefixes: ['889', '891'] }],
    capacity: { max_concurrent_jobs: 25 },
    storage_yards: [
      { name: 'Oakland', address: { line1: '1 Yard Rd', city: 'Oakland', region: 'US-CA', postal_code: '94607' }, capacity: 80, daily_rate: { amount: 4500, currency: 'USD' } },
    ],
    ...overrides,
  };
}

type Fields = Record<string, string>;
interface FileSpec {
  data: Buffer;
  filename: string;
  contentType: string;
}
const pdf = (filename = 'certificate.pdf'): FileSpec => ({ data: PDF, filename, contentType: 'application/pdf' });

/** The credentials the seeded US-CA repossession rule asks for. */
const CA_REPO_CREDENTIALS: Fields[] = [
  { type: 'repossession_licence', number: 'BSIS-REPO-7781', issuing_region: 'US-CA', effective_on: day(-100), expires_on: day(600) },
  { type: 'on_hook', number: 'OH-2026-1', issuing_region: 'US', coverage_amount: '25000000', coverage_currency: 'USD', effective_on: day(-100), expires_on: day(300) },
  { type: 'general_liability', number: 'GL-2026-1', issuing_region: 'US', coverage_amount: '200000000', coverage_currency: 'USD', effective_on: day(-100), expires_on: day(300) },
];

describe('partners: profiles, credentials, vetting', () => {
  let t: TestApp;
  let dataDir: string;
  let admin: OrgSession;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'reclaim-partners-'));
    t = await createTestApp({ ...platformAdminEnv(), DATA_DIR: dataDir });
    admin = await loginPlatformAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (session: OrgSession, fields: Fields, file: FileSpec | null = pdf()) => {
    let req = t.http.post('/v1/partner-profile/credentials').set(session.auth);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    if (file) req = req.attach('document', file.data, { filename: file.filename, contentType: file.contentType });
    return req;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);
  const profileRows = (orgId: string) => count('SELECT count(*) AS n FROM partner_profiles WHERE org_id = $1', [orgId]);
  const credentialRows = (orgId: string) => count('SELECT count(*) AS n FROM partner_credentials WHERE org_id = $1', [orgId]);
  const historyRows = (orgId: string, to?: string) =>
    count(`SELECT count(*) AS n FROM partner_vetting_history WHERE org_id = $1 ${to ? 'AND to_status = $2' : ''}`, to ? [orgId, to] : [orgId]);
  const events = async (orgId: string, type: string) =>
    (await t.db.query(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY seq`, [orgId, type])) as { type: string; payload: Record<string, unknown> }[];
  const statusOf = async (orgId: string) => (await t.db.query('SELECT status FROM partner_profiles WHERE org_id = $1', [orgId]))[0]?.status as string | undefined;

  async function submittedTowOperator(): Promise<OrgSession> {
    const tow = await aTowOperator(t).inRegion('US-CA').build();
    expect((await t.http.put('/v1/partner-profile').set(tow.auth).send(towProfile())).status).toBe(200);
    for (const fields of CA_REPO_CREDENTIALS) expect((await upload(tow, fields)).status).toBe(201);
    expect((await t.http.post('/v1/partner-profile/submit').set(tow.auth)).status).toBe(200);
    return tow;
  }
  const act = (orgId: string, action: string, reason = `${action} by test`, session = admin) =>
    t.http.post(`/v1/admin/partners/${orgId}/${action}`).set(session.auth).send({ reason });

  describe('profile', () => {
    it('creates, reads back and replaces a profile; money stays integer minor units', async () => {
      const tow = await aTowOperator(t).build();
      const created = await t.http.put('/v1/partner-profile').set(tow.auth).send(towProfile());
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        org_id: tow.orgId,
        kind: 'tow_operator',
        status: 'applied',
        capabilities: ['repossession', 'transport', 'storage'],
        capacity: { max_concurrent_jobs: 25, active_jobs: null },
        storage_yards: [{ name: 'Oakland', capacity: 80, daily_rate: { amount: 4500, currency: 'USD' } }],
        vetting_history: [{ from_status: null, to_status: 'applied', reason: 'profile created' }],
      });
      const yardId = created.body.storage_yards[0].id;

      const replaced = await t.http
        .put('/v1/partner-profile')
        .set(tow.auth)
        .send(
          towProfile({
            capacity: { max_concurrent_jobs: 30 },
            storage_yards: [
              { id: yardId, name: 'Oakland East', address: { line1: '1 Yard Rd', city: 'Oakland', region: 'US-CA' }, capacity: 90, daily_rate: { amount: 5000, currency: 'USD' } },
              { name: 'Fresno', address: { line1: '9 Lot St', city: 'Fresno', region: 'US-CA' }, capacity: 40, daily_rate: { amount: 3000, currency: 'USD' } },
            ],
          }),
        );
      expect(replaced.status).toBe(200);
      expect(replaced.body.capacity.max_concurrent_jobs).toBe(30);
      expect(replaced.body.storage_yards.map((y: { id: string; name: string }) => y.name)).toEqual(['Oakland East', 'Fresno']);
      expect(replaced.body.storage_yards[0].id).toBe(yardId);
      expect(await profileRows(tow.orgId)).toBe(1);
      const stored = await t.db.query('SELECT daily_rate_amount, daily_rate_currency FROM storage_yards WHERE id = $1', [yardId]);
      expect(stored[0]).toEqual({ daily_rate_amount: '5000', daily_rate_currency: 'USD' });

      const read = await t.http.get('/v1/partner-profile').set(tow.auth);
      expect(read.status).toBe(200);
      expect(read.body.storage_yards).toHaveLength(2);
    });

    it('answers 404 before the profile exists', async () => {
      const agency = await anAgency(t).build();
      expectProblem(await t.http.get('/v1/partner-profile').set(agency.auth), 404, 'partner_profile.not_found');
      expectProblem(await t.http.post('/v1/partner-profile/submit').set(agency.auth), 404, 'partner_profile.not_found');
      expect(await historyRows(agency.orgId)).toBe(0);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['bad region code', { service_areas: [{ region: 'Texas' }] }, ['service_areas.0.region']],
      ['lower-case region code', { service_areas: [{ region: 'us-tx' }] }, ['service_areas.0.region']],
      ['unknown capability', { capabilities: ['repossession', 'teleportation'] }, ['capabilities']],
      ['money as a float', { storage_yards: [{ ...towProfile().storage_yards[0], daily_rate: { amount: 45.5, currency: 'USD' } }] }, ['storage_yards.0.daily_rate.amount']],
      ['money without an ISO currency', { storage_yards: [{ ...towProfile().storage_yards[0], daily_rate: { amount: 4500, currency: 'dollars' } }] }, ['storage_yards.0.daily_rate.currency']],
      ['an unknown field', { tier: 'gold' }, ['tier']],
      ['zero capacity', { capacity: { max_concurrent_jobs: 0 } }, ['capacity.max_concurrent_jobs']],
    ])('refuses %s with field errors and stores nothing', async (_name, change, fields) => {
      const tow = await aTowOperator(t).build();
      const body = expectProblem(await t.http.put('/v1/partner-profile').set(tow.auth).send(towProfile(change)), 400, 'validation.failed');
      expect(body.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(fields));
      expect(await profileRows(tow.orgId)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM storage_yards WHERE org_id = $1', [tow.orgId])).toBe(0);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a radius without a centre', { service_areas: [{ region: 'US-CA', radius_km: 50 }] }, 'service_areas[0].centre'],
      ['no capabilities', { capabilities: [] }, 'capabilities'],
      ['no service area', { service_areas: [] }, 'service_areas'],
      ['storage without a yard', { storage_yards: [] }, 'storage_yards'],
      ['a contact nobody can reach', { contacts: [{ name: 'Nobody' }] }, 'contacts[0]'],
      ['a buyer type on a tow operator', { buyer_type: 'dealer' }, 'buyer_type'],
      ['someone else’s yard id', { storage_yards: [{ ...towProfile().storage_yards[0], id: '00000000-0000-4000-8000-000000000000' }] }, 'storage_yards[0].id'],
    ])('refuses %s', async (_name, change, field) => {
      const tow = await aTowOperator(t).build();
      const body = expectProblem(await t.http.put('/v1/partner-profile').set(tow.auth).send(towProfile(change)), 400, 'validation.failed');
      expect(body.errors!.map((e) => e.field)).toContain(field);
      expect(await profileRows(tow.orgId)).toBe(0);
    });

    it('lets only owners and managers of a partner org edit; other kinds are refused', async () => {
      const tow = await aTowOperator(t).build();
      const agent = await addUser(t, tow, 'agent');
      const manager = await addUser(t, tow, 'manager');
      expectProblem(await t.http.put('/v1/partner-profile').set(agent.auth).send(towProfile()), 403, 'auth.insufficient_role');
      expect(await profileRows(tow.orgId)).toBe(0);
      expect((await t.http.put('/v1/partner-profile').set(manager.auth).send(towProfile())).status).toBe(200);
      expectProblem(await upload(agent, CA_REPO_CREDENTIALS[0]!), 403, 'auth.insufficient_role');
      expectProblem(await t.http.post('/v1/partner-profile/submit').set(agent.auth), 403, 'auth.insufficient_role');
      expect(await credentialRows(tow.orgId)).toBe(0);
      expect(await statusOf(tow.orgId)).toBe('applied');
      // Anyone in the org may read it.
      expect((await t.http.get('/v1/partner-profile').set(agent.auth)).status).toBe(200);

      const lender = await aLender(t).build();
      expectProblem(await t.http.put('/v1/partner-profile').set(lender.auth).send(towProfile()), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.put('/v1/partner-profile').set(admin.auth).send(towProfile()), 403, 'auth.wrong_org_kind');
      expect(await profileRows(lender.orgId)).toBe(0);
    });
  });

  describe('credential upload', () => {
    let tow: OrgSession;
    beforeAll(async () => {
      tow = await aTowOperator(t).build();
      await t.http.put('/v1/partner-profile').set(tow.auth).send(towProfile());
    });

    it('stores the document on disk with its sha256 and answers its metadata', async () => {
      const res = await upload(tow, CA_REPO_CREDENTIALS[1]!, pdf('on-hook 2026.pdf'));
      expect(res.status).toBe(201);
      const sha256 = createHash('sha256').update(PDF).digest('hex');
      expect(res.body).toMatchObject({
        kind: 'insurance',
        type: 'on_hook',
        number: 'OH-2026-1',
        issuing_region: 'US',
        coverage: { amount: 25_000_000, currency: 'USD' },
        effective_on: day(-100),
        expires_on: day(300),
        status: 'active',
        document: { filename: 'on-hook 2026.pdf', content_type: 'application/pdf', size: PDF.length, sha256, url: `/v1/partner-profile/credentials/${res.body.id}/document` },
      });
      const [row] = await t.db.query('SELECT document_sha256, document_key, coverage_amount, coverage_currency FROM partner_credentials WHERE id = $1', [res.body.id]);
      expect(row).toMatchObject({ document_sha256: sha256, coverage_amount: '25000000', coverage_currency: 'USD' });
      expect(row.document_key).toBe(`credentials/${tow.orgId}/${res.body.id}`);

      const file = await t.http.get(`/v1/partner-profile/credentials/${res.body.id}/document`).set(tow.auth).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(createHash('sha256').update(file.body as Buffer).digest('hex')).toBe(sha256);
    });

    it('accepts a PNG scan', async () => {
      const res = await upload(tow, CA_REPO_CREDENTIALS[0]!, { data: PNG, filename: 'licence.png', contentType: 'image/png' });
      expect(res.status).toBe(201);
      expect(res.body.kind).toBe('licence');
      expect(res.body.document.content_type).toBe('image/png');
    });

    it.each<[string, FileSpec]>([
      ['a text file', { data: Buffer.from('not a pdf at all'), filename: 'notes.txt', contentType: 'text/plain' }],
      ['a text file declared as PDF', { data: Buffer.from('<html>hello</html>'), filename: 'fake.pdf', contentType: 'application/pdf' }],
      ['a PNG declared as PDF', { data: PNG, filename: 'scan.pdf', contentType: 'application/pdf' }],
    ])('refuses %s (415) and keeps neither row nor file', async (_name, file) => {
      const before = await credentialRows(tow.orgId);
      const filesBefore = await listDocuments(dataDir, tow.orgId);
      const body = expectProblem(await upload(tow, CA_REPO_CREDENTIALS[0]!, file), 415, 'credential.document_type_unsupported');
      expect(body.errors).toEqual([{ field: 'document', message: expect.any(String) }]);
      expect(await credentialRows(tow.orgId)).toBe(before);
      expect(await listDocuments(dataDir, tow.orgId)).toEqual(filesBefore);
    });

    it('refuses a document over 10 MB (413) and keeps nothing', async () => {
      const before = await credentialRows(tow.orgId);
      const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
      expectProblem(await upload(tow, CA_REPO_CREDENTIALS[0]!, { data: big, filename: 'huge.pdf', contentType: 'application/pdf' }), 413, 'credential.document_too_large');
      expect(await credentialRows(tow.orgId)).toBe(before);
    });

    it.each<[string, Fields, FileSpec | null, string[]]>([
      ['no document', CA_REPO_CREDENTIALS[0]!, null, ['document']],
      ['expiry before effective', { ...CA_REPO_CREDENTIALS[0]!, effective_on: '2026-05-01', expires_on: '2026-04-30' }, pdf(), ['expires_on']],
      ['expiry on the effective day', { ...CA_REPO_CREDENTIALS[0]!, effective_on: '2026-05-01', expires_on: '2026-05-01' }, pdf(), ['expires_on']],
      ['an impossible date', { ...CA_REPO_CREDENTIALS[0]!, expires_on: '2027-02-30' }, pdf(), ['expires_on']],
      ['a bad issuing region', { ...CA_REPO_CREDENTIALS[0]!, issuing_region: 'California' }, pdf(), ['issuing_region']],
      ['insurance without coverage', { type: 'on_hook', number: 'X', issuing_region: 'US', effective_on: day(0), expires_on: day(10) }, pdf(), ['coverage_amount']],
      ['coverage as a decimal', { ...CA_REPO_CREDENTIALS[1]!, coverage_amount: '250000.00' }, pdf(), ['coverage_amount']],
      ['coverage without currency', { ...CA_REPO_CREDENTIALS[1]!, coverage_currency: '' }, pdf(), ['coverage_currency']],
      ['a kind contradicting the type', { ...CA_REPO_CREDENTIALS[0]!, kind: 'insurance' }, pdf(), ['kind']],
      ['an unknown type', { ...CA_REPO_CREDENTIALS[0]!, type: 'pilot_licence' }, pdf(), ['type']],
    ])('refuses %s with field errors', async (_name, fields, file, expected) => {
      const before = await credentialRows(tow.orgId);
      const filesBefore = await listDocuments(dataDir, tow.orgId);
      const body = expectProblem(await upload(tow, fields, file), 400, 'validation.failed');
      expect(body.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(expected));
      expect(await credentialRows(tow.orgId)).toBe(before);
      expect(await listDocuments(dataDir, tow.orgId)).toEqual(filesBefore);
    });

    it('refuses a JSON body (415)', async () => {
      expectProblem(await t.http.post('/v1/partner-profile/credentials').set(tow.auth).send(CA_REPO_CREDENTIALS[0]!), 415, 'request.unsupported_media_type');
    });

    it('shows the file to its org and the platform only; everyone else gets 404', async () => {
      const res = await upload(tow, CA_REPO_CREDENTIALS[2]!);
      const path = `/v1/partner-profile/credentials/${res.body.id}/document`;
      const viewer = await addUser(t, tow, 'viewer');
      expect((await t.http.get(path).set(viewer.auth)).status).toBe(200);
      expect((await t.http.get(path).set(admin.auth)).status).toBe(200);
      const otherTow = await aTowOperator(t).build();
      const lender = await aLender(t).build();
      expectProblem(await t.http.get(path).set(otherTow.auth), 404, 'credential.not_found');
      expectProblem(await t.http.get(path).set(lender.auth), 404, 'credential.not_found');
      expectProblem(await t.http.get('/v1/partner-profile/credentials/not-a-uuid/document').set(tow.auth), 404, 'credential.not_found');
      const audit = await t.db.query(`SELECT actor_org_id FROM audit_log WHERE action = 'credential.document_read' AND entity_id = $1`, [res.body.id]);
      expect(audit).toEqual([{ actor_org_id: admin.orgId }]);
    });
  });

  describe('vetting lifecycle', () => {
    it('goes applied → under_review → approved → suspended → approved (reinstated) → revoked, each with history, audit and event', async () => {
      const tow = await submittedTowOperator();
      expect(await statusOf(tow.orgId)).toBe('under_review');

      const approved = await act(tow.orgId, 'approve', 'licences checked with BSIS');
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      const suspended = await act(tow.orgId, 'suspend', 'complaint under investigation');
      expect(suspended.body.status).toBe('suspended');
      const reinstated = await act(tow.orgId, 'reinstate', 'complaint dismissed');
      expect(reinstated.body.status).toBe('approved');
      const revoked = await act(tow.orgId, 'revoke', 'fraudulent insurance certificate');
      expect(revoked.body.status).toBe('revoked');

      const history = await t.db.query('SELECT from_status, to_status, reason, actor_user_id FROM partner_vetting_history WHERE org_id = $1 ORDER BY seq', [tow.orgId]);
      expect(history).toEqual([
        { from_status: null, to_status: 'applied', reason: 'profile created', actor_user_id: tow.userId },
        { from_status: 'applied', to_status: 'under_review', reason: 'submitted for review', actor_user_id: tow.userId },
        { from_status: 'under_review', to_status: 'approved', reason: 'licences checked with BSIS', actor_user_id: admin.userId },
        { from_status: 'approved', to_status: 'suspended', reason: 'complaint under investigation', actor_user_id: admin.userId },
        { from_status: 'suspended', to_status: 'approved', reason: 'complaint dismissed', actor_user_id: admin.userId },
        { from_status: 'approved', to_status: 'revoked', reason: 'fraudulent insurance certificate', actor_user_id: admin.userId },
      ]);
      const types = (await t.db.query(`SELECT type FROM outbox_events WHERE aggregate_type = 'partner' AND aggregate_id = $1 AND type LIKE 'partner.%' ORDER BY seq`, [tow.orgId])).map(
        (r: { type: string }) => r.type,
      );
      expect(types).toEqual(['partner.applied', 'partner.submitted', 'partner.approved', 'partner.suspended', 'partner.reinstated', 'partner.revoked']);
      expect((await events(tow.orgId, 'partner.suspended'))[0]!.payload).toMatchObject({ from: 'approved', to: 'suspended', reason: 'complaint under investigation', actor_user_id: admin.userId });
      const audit = await t.db.query(`SELECT action, actor_user_id, changes FROM audit_log WHERE entity_type = 'partner' AND entity_id = $1 AND action LIKE 'partner.%' ORDER BY created_at`, [tow.orgId]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['partner.submit', 'partner.approve', 'partner.suspend', 'partner.reinstate', 'partner.revoke']);
      expect(audit[1]).toMatchObject({ actor_user_id: admin.userId, changes: { status: { before: 'under_review', after: 'approved' }, reason: 'licences checked with BSIS' } });

      // Revoked is final: nothing moves it, and the profile is frozen.
      for (const action of ['approve', 'reinstate', 'suspend', 'reject', 'revoke']) {
        const body = expectProblem(await act(tow.orgId, action), 409, 'partner.illegal_transition');
        expect(body.current).toBe('revoked');
      }
      expectProblem(await t.http.put('/v1/partner-profile').set(tow.auth).send(towProfile()), 409, 'partner.revoked');
      expectProblem(await upload(tow, CA_REPO_CREDENTIALS[0]!), 409, 'partner.revoked');
      expect(await historyRows(tow.orgId)).toBe(6);
    });

    it('rejects with a reason, and a rejected partner may fix and submit again', async () => {
      const tow = await submittedTowOperator();
      expect((await act(tow.orgId, 'reject', 'registration number does not match the state register')).body.status).toBe('rejected');
      const mine = await t.http.get('/v1/partner-profile').set(tow.auth);
      expect(mine.body.vetting_history.at(-1)).toMatchObject({ to_status: 'rejected', reason: 'registration number does not match the state register' });
      expect((await t.http.post('/v1/partner-profile/submit').set(tow.auth)).body.status).toBe('under_review');
      expect(await events(tow.orgId, 'partner.rejected')).toHaveLength(1);
    });

    it.each<[string, string[], string, string, string]>([
      ['approve an applied partner', [], 'approve', 'applied', 'approved'],
      ['suspend a partner under review', ['submit'], 'suspend', 'under_review', 'suspended'],
      ['reinstate a partner under review', ['submit'], 'reinstate', 'under_review', 'approved'],
      ['reject an approved partner', ['submit', 'approve'], 'reject', 'approved', 'rejected'],
      ['approve an approved partner', ['submit', 'approve'], 'approve', 'approved', 'approved'],
      ['reinstate an approved partner', ['submit', 'approve'], 'reinstate', 'approved', 'approved'],
      ['approve a suspended partner (reinstate it instead)', ['submit', 'approve', 'suspend'], 'approve', 'suspended', 'approved'],
      ['suspend a suspended partner', ['submit', 'approve', 'suspend'], 'suspend', 'suspended', 'suspended'],
      ['suspend a rejected partner', ['submit', 'reject'], 'suspend', 'rejected', 'suspended'],
    ])('refuses to %s: 409 naming both states, nothing written', async (_name, path, action, current, requested) => {
      const tow = await aTowOperator(t).inRegion('US-CA').build();
      await t.http.put('/v1/partner-profile').set(tow.auth).send(towProfile());
      for (const step of path) {
        const res = step === 'submit' ? await t.http.post('/v1/partner-profile/submit').set(tow.auth) : await act(tow.orgId, step);
        expect(res.status).toBe(200);
      }
      const historyBefore = await historyRows(tow.orgId);
      const eventsBefore = await count('SELECT count(*) AS n FROM outbox_events WHERE aggregate_id = $1', [tow.orgId]);
      const auditOf = () => count(`SELECT count(*) AS n FROM audit_log WHERE entity_type = 'partner' AND entity_id = $1 AND action LIKE 'partner.%'`, [tow.orgId]);
      const auditBefore = await auditOf();
      const body = expectProblem(await act(tow.orgId, action), 409, 'partner.illegal_transition');
      expect(body).toMatchObject({ current, requested });
      expect(body.detail).toEqual(expect.stringContaining(current));
      expect(await statusOf(tow.orgId)).toBe(current);
      expect(await historyRows(tow.orgId)).toBe(historyBefore);
      expect(await count('SELECT count(*) AS n FROM outbox_events WHERE aggregate_id = $1', [tow.orgId])).toBe(eventsBefore);
      expect(await auditOf()).toBe(auditBefore);
    });

    it('refuses a second submit while under review', async () => {
      const tow = await submittedTowOperator();
      const body = expectProblem(await t.http.post('/v1/partner-profile/submit').set(tow.auth), 409, 'partner.illegal_transition');
      expect(body).toMatchObject({ current: 'under_review', requested: 'under_review' });
      expect(await historyRows(tow.orgId, 'under_review')).toBe(1);
    });

    it('needs a reason, a platform admin or compliance officer, and an existing partner', async () => {
      const tow = await submittedTowOperator();
      const noReason = expectProblem(await t.http.post(`/v1/admin/partners/${tow.orgId}/approve`).set(admin.auth).send({}), 400, 'validation.failed');
      expect(noReason.errors!.map((e) => e.field)).toContain('reason');
      expectProblem(await act(tow.orgId, 'approve', '   '), 400, 'validation.failed');

      const lender = await aLender(t).build();
      expectProblem(await act(tow.orgId, 'approve', 'self-service', lender), 403, 'auth.wrong_org_kind');
      expectProblem(await act(tow.orgId, 'approve', 'self-approval', tow), 403, 'auth.wrong_org_kind');
      expect(await statusOf(tow.orgId)).toBe('under_review');

      const compliance = await addUser(t, admin, 'compliance');
      expect((await act(tow.orgId, 'approve', 'checked by compliance', compliance)).status).toBe(200);

      expectProblem(await act('00000000-0000-4000-8000-000000000000', 'approve'), 404, 'partner.not_found');
      expectProblem(await act('nope', 'approve'), 404, 'partner.not_found');
      expect(await historyRows(tow.orgId, 'approved')).toBe(1);
    });

    it('decides 10 parallel approvals once: one history row, one event', async () => {
      const tow = await submittedTowOperator();
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => act(tow.orgId, 'approve', `parallel ${i}`)));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      for (const res of answers.filter((r) => r.status !== 200)) expectProblem(res, 409, 'partner.illegal_transition');
      expect(await historyRows(tow.orgId, 'approved')).toBe(1);
      expect(await events(tow.orgId, 'partner.approved')).toHaveLength(1);
    });

    it('lists the review queue for the platform only', async () => {
      const tow = await submittedTowOperator();
      const queue = await t.http.get('/v1/admin/partners?status=under_review&limit=200').set(admin.auth);
      expect(queue.status).toBe(200);
      expect(queue.body.data.map((p: { org_id: string }) => p.org_id)).toContain(tow.orgId);
      expectProblem(await t.http.get('/v1/admin/partners').set(tow.auth), 403, 'auth.wrong_org_kind');
    });
  });

  describe('reading partners across orgs', () => {
    it('shows an approved partner to lenders without document links, hides unapproved ones and private data (404)', async () => {
      const approved = await submittedTowOperator();
      await act(approved.orgId, 'approve');
      const pending = await submittedTowOperator();
      const lender = await aLender(t).build();
      const otherTow = await aTowOperator(t).build();

      const seen = await t.http.get(`/v1/partners/${approved.orgId}`).set(lender.auth);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ org_id: approved.orgId, status: 'approved', scorecard: { recovery_rate: null } });
      expect(seen.body.credentials).toHaveLength(3);
      for (const credential of seen.body.credentials) {
        expect(credential.document.url).toBeUndefined();
        expect(credential.document.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(seen.body.vetting_history).toBeUndefined();
      expect(JSON.stringify(seen.body)).not.toContain('credentials/');

      expectProblem(await t.http.get(`/v1/partners/${pending.orgId}`).set(lender.auth), 404, 'partner.not_found');
      expectProblem(await t.http.get(`/v1/partners/${approved.orgId}`).set(otherTow.auth), 404, 'partner.not_found');
      expectProblem(await t.http.get(`/v1/partners/${pending.orgId}`).set(otherTow.auth), 404, 'partner.not_found');

      const self = await t.http.get(`/v1/partners/${pending.orgId}`).set(pending.auth);
      expect(self.body.vetting_history).toHaveLength(2);
      const platform = await t.http.get(`/v1/partners/${pending.orgId}`).set(admin.auth);
      expect(platform.body.credentials[0].document.url).toEqual(expect.stringContaining('/document'));
    });

    it('keeps the directory for lenders and the platform', async () => {
      const tow = await aTowOperator(t).build();
      expectProblem(await t.http.get('/v1/partners').set(tow.auth), 403, 'auth.wrong_org_kind');
    });
  });

  describe('credential requirements', () => {
    it('starts with the seeded defaults, e.g. US-CA repossession', async () => {
      const res = await t.http.get('/v1/admin/credential-requirements').set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ capability: 'repossession', region: 'US-CA', credential_type: 'repossession_licence', min_coverage: null }),
          expect.objectContaining({ capability: 'repossession', region: 'US-CA', credential_type: 'on_hook', min_coverage: { amount: 10_000_000, currency: 'USD' } }),
        ]),
      );
      const lender = await aLender(t).build();
      const resolved = await t.http.get('/v1/credential-requirements?capability=repossession&region=US-CA').set(lender.auth);
      expect(resolved.body.requirements.map((r: { credential_type: string }) => r.credential_type).sort()).toEqual(['general_liability', 'on_hook', 'repossession_licence']);
      const texas = await t.http.get('/v1/credential-requirements?capability=repossession&region=US-TX').set(lender.auth);
      expect(texas.body.requirements.every((r: { from_rule_for: string }) => r.from_rule_for === 'US')).toBe(true);
    });

    it('refuses bad tables whole, and non-platform callers', async () => {
      const before = await t.db.query('SELECT capability, region, credential_type, min_coverage_amount FROM credential_requirements ORDER BY 1, 2, 3');
      const duplicate = { capability: 'transport', region: 'US-TX', credential_type: 'on_hook' };
      const dup = expectProblem(await t.http.put('/v1/admin/credential-requirements').set(admin.auth).send({ requirements: [duplicate, duplicate] }), 400, 'validation.failed');
      expect(dup.errors).toEqual([expect.objectContaining({ field: 'requirements[1]' })]);
      const bad = expectProblem(
        await t.http
          .put('/v1/admin/credential-requirements')
          .set(admin.auth)
          .send({ requirements: [{ capability: 'transport', region: 'Texas', credential_type: 'on_hook', min_coverage: { amount: 1.5, currency: 'USD' } }] }),
        400,
        'validation.failed',
      );
      expect(bad.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['requirements.0.region', 'requirements.0.min_coverage.amount']));
      const tow = await aTowOperator(t).build();
      expectProblem(await t.http.put('/v1/admin/credential-requirements').set(tow.auth).send({ requirements: [] }), 403, 'auth.wrong_org_kind');
      const viewerLike = await aLender(t).build();
      expectProblem(await t.http.get('/v1/admin/credential-requirements').set(viewerLike.auth), 403, 'auth.wrong_org_kind');
      expect(await t.db.query('SELECT capability, region, credential_type, min_coverage_amount FROM credential_requirements ORDER BY 1, 2, 3')).toEqual(before);
    });

    it('replaces the table in one go, audited with before and after', async () => {
      const current = (await t.http.get('/v1/admin/credential-requirements').set(admin.auth)).body.data as Record<string, unknown>[];
      const next = [
        ...current.map(({ capability, region, credential_type, min_coverage }) => ({ capability, region, credential_type, ...(min_coverage ? { min_coverage } : {}) })),
        { capability: 'skip_trace', region: 'US', credential_type: 'surety_bond', min_coverage: { amount: 1_000_000, currency: 'USD' } },
      ];
      const res = await t.http.put('/v1/admin/credential-requirements').set(admin.auth).send({ requirements: next });
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(current.length + 1);
      const [audit] = await t.db.query(`SELECT actor_user_id, changes FROM audit_log WHERE action = 'credential_requirements.replace'`);
      expect(audit.actor_user_id).toBe(admin.userId);
      expect(audit.changes.before).toHaveLength(current.length);
      expect(audit.changes.after).toHaveLength(current.length + 1);
    });
  });
});

async function listDocuments(dataDir: string, orgId: string): Promise<string[]> {
  try {
    return (await readdir(join(dataDir, 'documents', 'credentials', orgId))).sort();
  } catch {
    return [];
  }
}
