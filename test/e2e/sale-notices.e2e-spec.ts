import { AuctionsService } from '../../src/auctions/auctions.service';
import { DEFICIENCY_WARNING } from '../../src/auctions/domain/sale-notice';
import { addDays } from '../../src/common/calendar/calendar-date';
import { aLotBody, aSaleNotice, aSaleNoticeBody, aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { placeCase } from '../support/cases';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aVin } from '../support/repossession-job';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const CALIFORNIA = { borrower: { region: 'US-CA', timezone: 'America/Los_Angeles', address: { city: 'Oakland', postal_code: '94607' } } };

describe('auctions: notice of plan to sell (UCC §9-611/§9-614) and the notice period', () => {
  let t: TestApp;
  let lender: OrgSession;
  let buyer: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    lender = await aLender(t).build();
    buyer = await aVerifiedBuyer(t, await loginPlatformAdmin(t));
  }, 120_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const notices = async (vehicleId: string) => Number((await t.db.query('SELECT count(*) FROM sale_notices WHERE vehicle_id = $1', [vehicleId]))[0].count);
  const post = (vehicleId: string, who: OrgSession, body: Record<string, unknown>) => t.http.post(`/v1/vehicles/${vehicleId}/sale-notice`).set(who.auth).send(body);
  const lotStatus = async (lotId: string) => (await t.db.query('SELECT status FROM auction_lots WHERE id = $1', [lotId]))[0].status;

  it('records the notice with the redemption amount from the case and the expenses, keeps it as sent and reads it back', async () => {
    const vehicleId = await aVehicleInStorage(t, lender, {}, { notice: false });
    const sentOn = dayOf(new Date(Date.now() - 3 * DAY));
    const res = await post(
      vehicleId,
      lender,
      aSaleNoticeBody({
        sent_on: sentOn,
        contact: { name: 'Recovery desk', phone: '+1 415 555 0100', address: 'PO Box 100, Austin TX 78701' },
        expenses: [
          { label: 'repossession fee', amount: usd(45_000) },
          { label: 'storage, 12 days', amount: usd(36_000) },
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      vehicle_id: vehicleId,
      region: 'US-TX',
      sent_on: sentOn,
      method: 'certified_mail',
      obligation: usd(1_000_000),
      expenses_total: usd(81_000),
      redemption_amount: usd(1_081_000),
      contact: { name: 'Recovery desk', phone: '+1 415 555 0100', address: 'PO Box 100, Austin TX 78701' },
      notice_period_days: 10,
      earliest_sale_on: addDays(sentOn, 10),
      deficiency_warning: DEFICIENCY_WARNING,
    });
    expect(res.body.content).toContain('that amount is USD 10,810.00');
    expect(res.body.content).toContain('2018 Toyota Corolla');
    expect(res.body.content).toContain(`on or after ${addDays(sentOn, 10)}`);
    const read = await t.http.get(`/v1/vehicles/${vehicleId}/sale-notice`).set(lender.auth);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    const [event] = await t.db.query(`SELECT payload FROM outbox_events WHERE type = 'auction.sale_notice_recorded' AND aggregate_id = $1`, [vehicleId]);
    expect(event.payload).toMatchObject({ sale_notice_id: res.body.id, redemption_amount: usd(1_081_000), earliest_sale_on: addDays(sentOn, 10) });
    // Kept as sent: the database refuses to change or remove it.
    await expect(t.db.query(`UPDATE sale_notices SET redemption_amount = 1 WHERE id = $1`, [res.body.id])).rejects.toThrow(/kept as sent/);
    await expect(t.db.query(`DELETE FROM sale_notices WHERE id = $1`, [res.body.id])).rejects.toThrow(/kept as sent/);

    // A later notice is a new record; the latest is the one read and the one the period runs from.
    const later = await aSaleNotice(t, lender, vehicleId, { sent_on: dayOf(new Date()) });
    expect((await t.http.get(`/v1/vehicles/${vehicleId}/sale-notice`).set(lender.auth)).body.id).toBe(later.id);
    expect(await notices(vehicleId)).toBe(2);
  });

  it('refuses another lender, a buyer, a vehicle with no case or not repossessed, a future date, another currency, bad input — writing nothing', async () => {
    const vehicleId = await aVehicleInStorage(t, lender, {}, { notice: false });
    const other = await aLender(t).build();
    expectProblem(await post(vehicleId, other, aSaleNoticeBody()), 404, 'vehicle.not_found');
    expectProblem(await t.http.get(`/v1/vehicles/${vehicleId}/sale-notice`).set(other.auth), 404, 'vehicle.not_found');
    expectProblem(await post(vehicleId, buyer, aSaleNoticeBody()), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.get(`/v1/vehicles/${vehicleId}/sale-notice`).set(lender.auth), 404, 'sale_notice.not_found');
    const tomorrow = dayOf(new Date(Date.now() + DAY));
    expect(expectProblem(await post(vehicleId, lender, aSaleNoticeBody({ sent_on: tomorrow })), 422, 'sale_notice.sent_in_future').errors![0]!.field).toBe('sent_on');
    const euro = expectProblem(await post(vehicleId, lender, aSaleNoticeBody({ expenses: [{ label: 'storage', amount: { amount: 100, currency: 'EUR' } }] })), 422, 'sale_notice.currency_mismatch');
    expect(euro.errors).toEqual([{ field: 'expenses[0].amount.currency', message: 'must be USD' }]);
    expectProblem(await post(vehicleId, lender, aSaleNoticeBody({ method: 'pigeon' })), 400, 'validation.failed');
    expectProblem(await post(vehicleId, lender, aSaleNoticeBody({ contact: { name: 'x' } })), 400, 'validation.failed');
    expect(await notices(vehicleId)).toBe(0);

    const loose = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '1M8GDM9AXKP042788', plate_region: 'US-CA' });
    expectProblem(await post(loose.body.id, lender, aSaleNoticeBody()), 422, 'sale_notice.no_case');
    const financed = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: aVin(), plate_region: 'US-CA', case_id: await placeCase(t, lender) });
    expect(expectProblem(await post(financed.body.id, lender, aSaleNoticeBody()), 422, 'sale_notice.vehicle_not_repossessed')).toMatchObject({ vehicle_status: 'financed' });
    expect(Number((await t.db.query('SELECT count(*) FROM sale_notices WHERE vehicle_id IN ($1, $2)', [loose.body.id, financed.body.id]))[0].count)).toBe(0);
  });

  it('refuses to schedule a lot without a notice, or before the notice period has passed (10 days by default), naming the earliest date', async () => {
    const vehicleId = await aVehicleInStorage(t, lender, {}, { notice: false });
    const lot = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId));
    expect(lot.status).toBe(201);
    expectProblem(await t.http.post(`/v1/auctions/${lot.body.id}/schedule`).set(lender.auth), 422, 'auction.sale_notice_missing');
    expect(await lotStatus(lot.body.id)).toBe('draft');

    const today = dayOf(new Date());
    const notice = await aSaleNotice(t, lender, vehicleId, { sent_on: addDays(today, -4) });
    const early = expectProblem(await t.http.post(`/v1/auctions/${lot.body.id}/schedule`).set(lender.auth), 422, 'auction.sale_notice_period');
    expect(early).toMatchObject({ earliest_start: addDays(today, 6), sale_notice_id: notice.id, notice_period_days: 10 });
    expect(early.errors).toEqual([{ field: 'starts_at', message: `must be on or after ${addDays(today, 6)}` }]);
    expect(await lotStatus(lot.body.id)).toBe('draft');
    expect((await t.db.query('SELECT status FROM vehicles WHERE id = $1', [vehicleId]))[0].status).toBe('in_storage');
    expect(Number((await t.db.query(`SELECT count(*) FROM outbox_events WHERE type = 'auction.scheduled' AND aggregate_id = $1`, [lot.body.id]))[0].count)).toBe(0);
  });

  it('waits 15 days in California; a lot starting on the earliest day is scheduled and opens then', async () => {
    const vehicleId = await aVehicleInStorage(t, lender, {}, { notice: false, caseRow: CALIFORNIA });
    const today = dayOf(new Date());
    const sentOn = addDays(today, -12);
    const notice = await aSaleNotice(t, lender, vehicleId, { sent_on: sentOn });
    expect(notice).toMatchObject({ region: 'US-CA', notice_period_days: 15, earliest_sale_on: addDays(sentOn, 15) });
    const now = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId));
    expect(expectProblem(await t.http.post(`/v1/auctions/${now.body.id}/schedule`).set(lender.auth), 422, 'auction.sale_notice_period')).toMatchObject({ earliest_start: addDays(sentOn, 15), notice_period_days: 15 });
    await t.http.post(`/v1/auctions/${now.body.id}/cancel`).set(lender.auth).send({ reason: 'relisted for after the notice period' });

    const startsAt = new Date(`${addDays(sentOn, 15)}T00:00:00.000Z`);
    const later = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, { starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + DAY).toISOString() }));
    expect((await t.http.post(`/v1/auctions/${later.body.id}/schedule`).set(lender.auth)).status).toBe(200);
    t.clock.set(startsAt);
    expect(await t.app.get(AuctionsService).open(later.body.id)).toEqual({ outcome: 'opened' });
  });

  it('a notice recorded after scheduling restarts the period: the opening waits for it', async () => {
    const vehicleId = await aVehicleInStorage(t, lender);
    const startsAt = new Date(Date.now() + 60_000);
    const lot = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, { starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 30 * DAY).toISOString() }));
    expect((await t.http.post(`/v1/auctions/${lot.body.id}/schedule`).set(lender.auth)).status).toBe(200);
    const today = dayOf(new Date());
    await aSaleNotice(t, lender, vehicleId, { sent_on: today });
    t.clock.set(new Date(startsAt.getTime() + 1_000));
    expect(await t.app.get(AuctionsService).open(lot.body.id)).toEqual({ outcome: 'skipped' });
    expect(await lotStatus(lot.body.id)).toBe('scheduled');
    t.clock.set(new Date(`${addDays(today, 10)}T00:00:00.000Z`));
    expect(await t.app.get(AuctionsService).open(lot.body.id)).toEqual({ outcome: 'opened' });
  });
});
