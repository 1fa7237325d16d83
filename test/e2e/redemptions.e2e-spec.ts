import { AuctionsService } from '../../src/auctions/auctions.service';
import { aLiveLot, aLotBody, aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { eventually } from '../support/eventually';
import { expectProblem } from '../support/problem';
import { openSse } from '../support/sse';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });
// aCaseRow: 10,000.00 due; aSaleNoticeBody: a 450.00 repossession fee.
const REQUIRED = 1_045_000;

describe('auctions: redemption before the sale is final (UCC §9-623)', () => {
  let t: TestApp;
  let lender: OrgSession;
  let buyers: OrgSession[];

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    const admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    buyers = [await aVerifiedBuyer(t, admin), await aVerifiedBuyer(t, admin)];
  }, 120_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const redeem = (vehicleId: string, who: OrgSession, body: Record<string, unknown> = {}) =>
    t.http.post(`/v1/vehicles/${vehicleId}/redeem`).set(who.auth).send({ amount_paid: usd(REQUIRED), paid_on: new Date().toISOString().slice(0, 10), reference: 'wire #4471', ...body });
  const vehicleOfLot = async (lotId: string) => (await t.db.query('SELECT vehicle_id FROM auction_lots WHERE id = $1', [lotId]))[0].vehicle_id;
  const state = async (lotId: string) => {
    const [row] = await t.db.query('SELECT l.status AS lot, v.status AS vehicle FROM auction_lots l JOIN vehicles v ON v.id = l.vehicle_id WHERE l.id = $1', [lotId]);
    const redemptions = Number((await t.db.query('SELECT count(*) FROM redemptions WHERE lot_id = $1', [lotId]))[0].count);
    return { ...row, redemptions };
  };

  it('cancels a live lot, releases every hold at Stripe, tells the bidders and the stream, and the vehicle is redeemed', async () => {
    const lotId = await aLiveLot(t, lender, { deposit_required: usd(50_000) });
    const vehicleId = await vehicleOfLot(lotId);
    const holds: string[] = [];
    for (const [i, b] of buyers.entries()) {
      const d = await t.http.post('/v1/deposits').set(b.auth).send({ lot_id: lotId, payment_method: 'pm_card_visa' });
      holds.push(d.body.payment_intent_id);
      expect((await t.http.post(`/v1/auctions/${lotId}/bids`).set(b.auth).send({ max_amount: usd(100_000 + i * 50_000) })).status).toBe(201);
    }
    const watching = await openSse(t, `/v1/auctions/${lotId}/stream`, buyers[0]!.auth);
    await watching.until((es) => es.length >= 1, 'the snapshot');

    const res = await redeem(vehicleId, lender);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ vehicle_id: vehicleId, lot_id: lotId, obligation: usd(1_000_000), expenses: [{ label: 'repossession fee', amount: usd(45_000) }], required: usd(REQUIRED), amount_paid: usd(REQUIRED), reference: 'wire #4471', vehicle_status: 'redeemed' });
    expect(await state(lotId)).toEqual({ lot: 'cancelled', vehicle: 'redeemed', redemptions: 1 });
    expect((await t.db.query('SELECT status FROM auction_deposits WHERE lot_id = $1', [lotId])).map((d: { status: string }) => d.status)).toEqual(['released', 'released']);
    for (const intent of holds) await eventually(async () => (await t.stripe.sdk().paymentIntents.retrieve(intent)).status === 'canceled', 10_000, 'the hold to be released at Stripe');
    const told = async (type: string) => (await t.db.query('SELECT org_ids FROM outbox_events WHERE type = $1 AND (aggregate_id = $2 OR aggregate_id = $3)', [type, lotId, vehicleId]))[0].org_ids.sort();
    const everyone = [lender.orgId, ...buyers.map((b) => b.orgId)].sort();
    expect(await told('auction.cancelled')).toEqual(everyone);
    expect(await told('vehicle.redeemed')).toEqual(everyone);
    const [cancelled] = (await watching.until((es) => es.some((e) => e.type === 'status'), 'the cancellation on the stream')).filter((e) => e.type === 'status');
    expect(cancelled!.data).toMatchObject({ status: 'cancelled' });
    watching.close();
    expectProblem(await t.http.post(`/v1/auctions/${lotId}/bids`).set(buyers[0]!.auth).send({ max_amount: usd(300_000) }), 404, 'auction.not_found');
    // Redeemed already: a second redemption is refused.
    expect(expectProblem(await redeem(vehicleId, lender), 409, 'redemption.vehicle_not_redeemable')).toMatchObject({ vehicle_status: 'redeemed' });
  }, 60_000);

  it('redeems a vehicle with a draft lot, or none, using the expenses given', async () => {
    const vehicleId = await aVehicleInStorage(t, lender);
    const draft = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId));
    const res = await redeem(vehicleId, lender, { amount_paid: usd(1_100_000), expenses: [{ label: 'storage, 30 days', amount: usd(90_000) }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lot_id: draft.body.id, required: usd(1_090_000), amount_paid: usd(1_100_000) });
    expect(await state(draft.body.id)).toEqual({ lot: 'cancelled', vehicle: 'redeemed', redemptions: 1 });
    const bare = await aVehicleInStorage(t, lender);
    const alone = await redeem(bare, lender);
    expect(alone.status).toBe(200);
    expect(alone.body.lot_id).toBeNull();
  });

  it('refuses once the lot is sold (409), a short payment (422), another lender, a buyer — writing nothing', async () => {
    const lotId = await aLiveLot(t, lender);
    const vehicleId = await vehicleOfLot(lotId);
    const short = expectProblem(await redeem(vehicleId, lender, { amount_paid: usd(REQUIRED - 1) }), 422, 'redemption.amount_short');
    expect(short).toMatchObject({ required: usd(REQUIRED), amount_paid: usd(REQUIRED - 1) });
    expectProblem(await redeem(vehicleId, lender, { amount_paid: { amount: REQUIRED, currency: 'EUR' } }), 422, 'sale_notice.currency_mismatch');
    expectProblem(await redeem(vehicleId, await aLender(t).build()), 404, 'vehicle.not_found');
    expectProblem(await redeem(vehicleId, buyers[0]!), 403, 'auth.wrong_org_kind');
    expectProblem(await redeem(vehicleId, lender, { paid_on: 'yesterday' }), 400, 'validation.failed');
    expect(await state(lotId)).toEqual({ lot: 'live', vehicle: 'listed', redemptions: 0 });

    await t.http.post(`/v1/auctions/${lotId}/bids`).set(buyers[0]!.auth).send({ max_amount: usd(80_000) });
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    expect(await t.app.get(AuctionsService).close(lotId)).toEqual({ outcome: 'sold' });
    expect(expectProblem(await redeem(vehicleId, lender), 409, 'redemption.sale_final')).toMatchObject({ lot_id: lotId, lot_status: 'sold' });
    expect(await state(lotId)).toEqual({ lot: 'sold', vehicle: 'sold', redemptions: 0 });
    expect(Number((await t.db.query(`SELECT count(*) FROM outbox_events WHERE type = 'vehicle.redeemed' AND aggregate_id = $1`, [vehicleId]))[0].count)).toBe(0);
  });

  it('a redemption raced by bids and the close: either the lot is cancelled and the vehicle redeemed, or it sold and the redemption was refused', async () => {
    const lotId = await aLiveLot(t, lender);
    const vehicleId = await vehicleOfLot(lotId);
    await t.http.post(`/v1/auctions/${lotId}/bids`).set(buyers[0]!.auth).send({ max_amount: usd(80_000) });
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    const [redeemed, closed] = await Promise.all([redeem(vehicleId, lender), t.app.get(AuctionsService).close(lotId)]);
    const after = await state(lotId);
    if (redeemed.status === 200) {
      expect(closed).toEqual({ outcome: 'skipped' });
      expect(after).toEqual({ lot: 'cancelled', vehicle: 'redeemed', redemptions: 1 });
    } else {
      expectProblem(redeemed, 409, 'redemption.sale_final');
      expect(closed).toEqual({ outcome: 'sold' });
      expect(after).toEqual({ lot: 'sold', vehicle: 'sold', redemptions: 0 });
    }
  });
});
