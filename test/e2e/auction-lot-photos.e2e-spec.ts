import { createHash } from 'node:crypto';
import { AuctionsService } from '../../src/auctions/auctions.service';
import { aLotBody, aSaleNotice, aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { aBuyer, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import { createTestApp, TestApp } from '../support/test-app';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(96, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(96, 1)]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(64, 2)]);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Photo {
  readonly id: string;
  readonly url: string;
  readonly content_type: string;
  readonly taken_at: string;
}

describe('a lot shows the condition report and photos of the recovery report (issue 15)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let otherLender: OrgSession;
  let buyer: OrgSession;
  let unverified: OrgSession;
  let work: RepossessionJob;
  let uploaded: { jpeg: string; png: string; heic: string };
  let lotId: string;

  const upload = async (kind: string, data: Buffer, filename: string) => {
    const res = await t.http.post(`/v1/jobs/${work.jobId}/evidence`).set(work.tow.auth).field('kind', kind).attach('file', data, { filename, contentType: 'application/octet-stream' });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const report = async (body: Record<string, unknown>) => {
    const res = await t.http.post(`/v1/jobs/${work.jobId}/events`).set(work.tow.auth).send(body);
    if (res.status !== 201) throw new Error(`${String(body.type)} failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const download = (who: OrgSession, url: string) =>
    t.http
      .get(url)
      .set(who.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    otherLender = await aLender(t).build();
    buyer = await aVerifiedBuyer(t, admin);
    unverified = await aBuyer(t).build();
    // The tow operator's field work as its phone reports it: photos first, then the recovery naming them.
    work = await anAcceptedRepossession(t, admin, lender);
    uploaded = { jpeg: await upload('recovery_photo', JPEG, 'front.jpg'), png: await upload('condition_report', PNG, 'dent.png'), heic: await upload('personal_effect_photo', HEIC, 'seat.heic') };
    await report({ type: 'vehicle_located', position: { latitude: 37.8, longitude: -122.27 }, source: 'lpr' });
    await report({
      type: 'vehicle_recovered',
      mode: 'involuntary',
      odometer: 81_234,
      keys_recovered: true,
      condition_report: { notes: 'dent on the rear left door; windscreen chipped' },
      photo_document_ids: [uploaded.jpeg, uploaded.png],
      personal_property: [{ description: 'child car seat', photo_document_ids: [uploaded.heic] }],
    });
    await report({ type: 'vehicle_stored', yard_id: '00000000-0000-4000-8000-000000000002' });
    await aSaleNotice(t, lender, work.vehicleId);
  });
  afterAll(() => t.close());

  it('copies the recovery report and its vehicle photos at creation, with the lender’s note, and shows them to buyers in the lot and the catalogue', async () => {
    const created = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(work.vehicleId, { condition_note: '  Second key in the glovebox.  ' })).expect(201);
    lotId = created.body.id;
    expect(created.body.condition_report).toEqual({ recovered_at: expect.any(String), notes: 'dent on the rear left door; windscreen chipped', odometer: 81_234, keys_recovered: true, lender_note: 'Second key in the glovebox.' });
    // the personal-effect photo is the borrower's belongings, not the lot
    expect(created.body.photos).toEqual([
      { id: uploaded.jpeg, url: `/v1/auctions/${lotId}/photos/${uploaded.jpeg}`, content_type: 'image/jpeg', taken_at: expect.any(String) },
      { id: uploaded.png, url: `/v1/auctions/${lotId}/photos/${uploaded.png}`, content_type: 'image/png', taken_at: expect.any(String) },
    ]);
    await t.http.post(`/v1/auctions/${lotId}/schedule`).set(lender.auth).expect(200);
    await t.app.get(AuctionsService).open(lotId);

    const seen = (await t.http.get(`/v1/auctions/${lotId}`).set(buyer.auth).expect(200)).body;
    expect(seen.condition_report).toEqual(created.body.condition_report);
    expect(seen.photos).toEqual(created.body.photos);
    const catalogue = (await t.http.get('/v1/auctions').query({ status: 'live' }).set(buyer.auth).expect(200)).body.data;
    expect(catalogue.find((l: { id: string }) => l.id === lotId).photos.map((p: Photo) => p.id)).toEqual([uploaded.jpeg, uploaded.png]);
  });

  it('serves the photo bytes to verified buyers, the lender and platform staff, as uploaded', async () => {
    for (const who of [buyer, lender, admin]) {
      for (const [id, data, type] of [
        [uploaded.jpeg, JPEG, 'image/jpeg'],
        [uploaded.png, PNG, 'image/png'],
      ] as const) {
        const file = await download(who, `/v1/auctions/${lotId}/photos/${id}`);
        expect(file.status).toBe(200);
        expect(file.headers['content-type']).toBe(type);
        expect(file.headers['x-checksum-sha256']).toBe(sha256(data));
        expect(sha256(file.body as Buffer)).toBe(sha256(data));
      }
    }
  });

  it('refuses everyone else with 404 (or 403 to an unverified buyer or a tow operator), and a photo the lot does not show', async () => {
    const jpeg = `/v1/auctions/${lotId}/photos/${uploaded.jpeg}`;
    expectProblem(await t.http.get(jpeg).set(otherLender.auth), 404, 'auction.not_found');
    expectProblem(await t.http.get(jpeg).set(unverified.auth), 403, 'auction.buyer_not_verified');
    expectProblem(await t.http.get(jpeg).set(work.tow.auth), 403, 'auth.wrong_org_kind');
    // the personal-effect photo is evidence of the job, not of the lot
    expectProblem(await t.http.get(`/v1/auctions/${lotId}/photos/${uploaded.heic}`).set(buyer.auth), 404, 'photo.not_found');
    expectProblem(await t.http.get(`/v1/auctions/${lotId}/photos/00000000-0000-4000-8000-000000000009`).set(lender.auth), 404, 'photo.not_found');
    expectProblem(await t.http.get(`/v1/auctions/${lotId}/photos/not-a-uuid`).set(lender.auth), 404, 'photo.not_found');
    expectProblem(await t.http.get(`/v1/auctions/not-a-uuid/photos/${uploaded.jpeg}`).set(lender.auth), 404, 'auction.not_found');
  });

  it('hides a draft lot’s photos from buyers (drafts are not in the catalogue)', async () => {
    const vehicleId = await aVehicleInStorage(t, lender);
    const draft = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, { condition_note: 'Interior smells of smoke.' })).expect(201);
    // no recovery on record: the lender's note alone, no photos
    expect(draft.body.condition_report).toEqual({ recovered_at: null, notes: null, odometer: null, keys_recovered: null, lender_note: 'Interior smells of smoke.' });
    expect(draft.body.photos).toEqual([]);
    expectProblem(await t.http.get(`/v1/auctions/${draft.body.id}`).set(buyer.auth), 404, 'auction.not_found');
    expectProblem(await t.http.get(`/v1/auctions/${draft.body.id}/photos/${uploaded.jpeg}`).set(buyer.auth), 404, 'auction.not_found');
    // another lot's photo is not this lot's
    expectProblem(await t.http.get(`/v1/auctions/${draft.body.id}/photos/${uploaded.jpeg}`).set(lender.auth), 404, 'photo.not_found');
  });

  it('has no condition report without a recovery or a note, and refuses a note that is empty or too long without writing a lot', async () => {
    const vehicleId = await aVehicleInStorage(t, lender);
    const lots = () => count(t, 'SELECT count(*) AS n FROM auction_lots WHERE vehicle_id = $1', [vehicleId]);
    const long = expectProblem(await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, { condition_note: 'x'.repeat(2001) })), 400, 'validation.failed');
    expect(long.errors).toEqual([expect.objectContaining({ field: 'condition_note' })]);
    expectProblem(await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, { condition_note: '' })), 400, 'validation.failed');
    expect(await lots()).toBe(0);
    const plain = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId)).expect(201);
    expect(plain.body).toMatchObject({ condition_report: null, photos: [] });
    expect(await lots()).toBe(1);
  });
});
