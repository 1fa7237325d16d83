import { createHash } from 'node:crypto';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { aLicensedTowOperator, anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import { createTestApp, TestApp } from '../support/test-app';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(64, 2)]);
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

describe('photos from the field and the personal-property inventory (issue 12)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let work: RepossessionJob;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    work = await anAcceptedRepossession(t, admin, lender);
  });
  afterAll(() => t.close());

  const upload = (who: OrgSession, kind: string, data: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg', jobId = work.jobId) =>
    t.http.post(`/v1/jobs/${jobId}/evidence`).set(who.auth).field('kind', kind).attach('file', data, { filename, contentType });
  const stored = () => count(t, `SELECT count(*) AS n FROM job_evidence`);

  it('takes JPEG, PNG and HEIC by their bytes, attaches them to the recovery, lists them on the event, and lets the lender and the partner download them', async () => {
    const jpeg = await upload(work.tow, 'recovery_photo', JPEG).expect(201);
    expect(jpeg.body).toMatchObject({ kind: 'recovery_photo', content_type: 'image/jpeg', size_bytes: JPEG.length, sha256: createHash('sha256').update(JPEG).digest('hex'), event_id: null });
    const png = await upload(work.tow, 'condition_report', PNG, 'report.png', 'image/png').expect(201);
    // phones often declare HEIC as octet-stream: the bytes decide
    const heic = await upload(work.tow, 'personal_effect_photo', HEIC, 'IMG_0001.HEIC', 'application/octet-stream').expect(201);
    expect(heic.body.content_type).toBe('image/heic');

    const recovered = await t.http
      .post(`/v1/jobs/${work.jobId}/events`)
      .set(work.tow.auth)
      .send({ type: 'vehicle_recovered', mode: 'involuntary', odometer: 81_234, photo_document_ids: [jpeg.body.id, png.body.id], personal_property: [{ description: 'child car seat', photo_document_ids: [heic.body.id] }, { description: 'sunglasses' }] });
    expect(recovered.status).toBe(201);
    const eventId = recovered.body.id as string;

    for (const who of [lender, work.tow]) {
      const listed = await t.http.get(`/v1/jobs/${work.jobId}/events/${eventId}/evidence`).set(who.auth).expect(200);
      expect(listed.body.data.map((e: { id: string }) => e.id).sort()).toEqual([jpeg.body.id, png.body.id, heic.body.id].sort());
      const file = await t.http.get(jpeg.body.download_path).set(who.auth).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      expect(file.headers['x-checksum-sha256']).toBe(jpeg.body.sha256);
      expect(Buffer.compare(file.body as Buffer, JPEG)).toBe(0);
    }

    const inventory = (await t.http.get(`/v1/jobs/${work.jobId}/personal-effects`).set(lender.auth).expect(200)).body.data;
    expect(inventory).toEqual([
      expect.objectContaining({ event_id: eventId, position: 0, description: 'child car seat', photo_ids: [heic.body.id], released_at: null }),
      expect.objectContaining({ event_id: eventId, position: 1, description: 'sunglasses', photo_ids: [], released_at: null }),
    ]);

    // released to the borrower without a fee; a fee is refused and nothing is written
    const seat = inventory[0].id as string;
    const refused = expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/personal-effects/${seat}/release`).set(work.tow.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe', fee: { amount: 2500, currency: 'USD' } }), 422, 'personal_effects.fee_refused');
    expect(refused.errors).toEqual([{ field: 'fee', message: 'must be absent or zero' }]);
    expect(await count(t, `SELECT count(*) AS n FROM personal_effects WHERE id = $1 AND released_at IS NOT NULL`, [seat])).toBe(0);
    expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/personal-effects/${seat}/release`).set(lender.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe' }), 403, 'auth.wrong_org_kind');
    const released = await t.http.post(`/v1/jobs/${work.jobId}/personal-effects/${seat}/release`).set(work.tow.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe', fee: { amount: 0, currency: 'USD' } }).expect(200);
    expect(released.body).toMatchObject({ released_to: 'borrower', recipient_name: 'J*** D***', released_at: expect.any(String) });
    const [row] = await t.db.query('SELECT recipient_name_enc FROM personal_effects WHERE id = $1', [seat]);
    expect(row.recipient_name_enc).not.toContain('Jane');
    expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/personal-effects/${seat}/release`).set(work.tow.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe' }), 409, 'personal_effects.already_released');
    expect(await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'personal_effect.release' AND entity_id = $1`, [seat])).toBe(1);
  });

  it('releases an item once under parallel requests (row lock): one 200, the rest 409, one audit row', async () => {
    const job = await anAcceptedRepossession(t, admin, lender, { tow: work.tow });
    expect((await t.http.post(`/v1/jobs/${job.jobId}/events`).set(work.tow.auth).send({ type: 'vehicle_recovered', mode: 'voluntary', odometer: 5, personal_property: [{ description: 'toolbox' }] })).status).toBe(201);
    const [item] = (await t.http.get(`/v1/jobs/${job.jobId}/personal-effects`).set(work.tow.auth).expect(200)).body.data;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.http.post(`/v1/jobs/${job.jobId}/personal-effects/${item.id}/release`).set(work.tow.auth).send({ released_to: 'borrower_representative', recipient_name: 'Sam Lee' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(await count(t, `SELECT count(*) AS n FROM audit_log WHERE action = 'personal_effect.release' AND entity_id = $1`, [item.id])).toBe(1);
  });

  it('takes no photos once the job has ended (409), storing nothing', async () => {
    const ended = await anAcceptedRepossession(t, admin, lender, { tow: work.tow });
    expect((await t.http.post(`/v1/jobs/${ended.jobId}/recall`).set(lender.auth).send({ reason: 'redeemed' })).status).toBe(200);
    const before = await stored();
    const body = expectProblem(await upload(work.tow, 'recovery_photo', JPEG, 'a.jpg', 'image/jpeg', ended.jobId), 409, 'evidence.job_not_active');
    expect(body.current).toBe('recalled');
    expect(await stored()).toBe(before);
  });

  it('refuses a file that is not a photo (415), too large (413), without a kind or a file (400), not multipart (415): nothing stored', async () => {
    const before = await stored();
    expectProblem(await upload(work.tow, 'recovery_photo', PDF, 'x.jpg', 'image/jpeg'), 415, 'evidence.unsupported_type');
    expectProblem(await upload(work.tow, 'recovery_photo', Buffer.concat([JPEG, Buffer.alloc(15 * 1024 * 1024)])), 413, 'evidence.too_large');
    const noKind = expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/evidence`).set(work.tow.auth).attach('file', JPEG, { filename: 'a.jpg', contentType: 'image/jpeg' }), 400, 'validation.failed');
    expect(noKind.errors!.map((e) => e.field)).toEqual(['kind']);
    const noFile = expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/evidence`).set(work.tow.auth).field('kind', 'recovery_photo'), 400, 'validation.failed');
    expect(noFile.errors!.map((e) => e.field)).toEqual(['file']);
    expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/evidence`).set(work.tow.auth).send({ kind: 'recovery_photo' }), 415, 'request.unsupported_media_type');
    expect(await stored()).toBe(before);
  });

  it('answers 404 to anyone but the job’s lender and partner, and refuses a report naming photos of another job (422), writing nothing', async () => {
    const stranger = await aLicensedTowOperator(t, admin);
    const otherLender = await aLender(t).build();
    const before = await stored();
    expectProblem(await upload(stranger, 'recovery_photo', JPEG), 404, 'job.not_found');
    expectProblem(await upload(lender, 'recovery_photo', JPEG), 403, 'auth.wrong_org_kind');
    expect(await stored()).toBe(before);

    const [photo] = await t.db.query('SELECT id FROM job_evidence WHERE job_id = $1 LIMIT 1', [work.jobId]);
    for (const who of [stranger, otherLender]) {
      expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/evidence/${photo.id}`).set(who.auth), 404, 'job.not_found');
      expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/personal-effects`).set(who.auth), 404, 'job.not_found');
    }
    expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/evidence/00000000-0000-4000-8000-000000000000`).set(lender.auth), 404, 'evidence.not_found');

    expectProblem(await t.http.get(`/v1/jobs/${work.jobId}/events/00000000-0000-4000-8000-000000000000/evidence`).set(stranger.auth), 404, 'job.not_found');
    const releases = () => count(t, `SELECT count(*) AS n FROM personal_effects WHERE job_id = $1 AND released_at IS NOT NULL`, [work.jobId]);
    const released = await releases();
    expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/personal-effects/00000000-0000-4000-8000-000000000000/release`).set(work.tow.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe' }), 404, 'personal_effect.not_found');
    const [open] = await t.db.query('SELECT id FROM personal_effects WHERE job_id = $1 AND released_at IS NULL LIMIT 1', [work.jobId]);
    expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/personal-effects/${open.id}/release`).set(stranger.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe' }), 404, 'job.not_found');
    const bad = expectProblem(await t.http.post(`/v1/jobs/${work.jobId}/personal-effects/${open.id}/release`).set(work.tow.auth).send({ released_to: 'a neighbour', recipient_name: '' }), 400, 'validation.failed');
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(['recipient_name', 'released_to']);
    expect(await releases()).toBe(released);

    // another job's report may not name this job's photo: the whole report is refused, nothing written
    const other = await anAcceptedRepossession(t, admin, lender, { tow: work.tow });
    const events = () => count(t, `SELECT count(*) AS n FROM job_events WHERE job_id = $1`, [other.jobId]);
    const unknown = expectProblem(await t.http.post(`/v1/jobs/${other.jobId}/events`).set(work.tow.auth).send({ type: 'vehicle_recovered', mode: 'voluntary', odometer: 1, photo_document_ids: [photo.id] }), 422, 'evidence.unknown');
    expect(unknown.document_ids).toEqual([photo.id]);
    expect(await events()).toBe(0);
    expect(await count(t, `SELECT count(*) AS n FROM job_duties WHERE job_id = $1`, [other.jobId])).toBe(0);
    expect((await t.db.query('SELECT status FROM vehicles WHERE id = $1', [other.vehicleId]))[0].status).toBe('repo_ordered');
  });
});
