import { AuctionsService } from '../../src/auctions/auctions.service';
import { addBusinessDays } from '../../src/auctions/domain/invoice';
import { calendarDateOf } from '../../src/common/calendar/calendar-date';
import { aLiveLot, aLotBody, aVerifiedBuyer } from '../support/auctions';
import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const DAY = 24 * 3_600_000;

describe('auctions: a lot that closed below its reserve (no_sale) — the lender accepts the high bid within 24 h, or relists', () => {
  let t: TestApp;
  let lender: OrgSession;
  let buyer: OrgSession;
  let other: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    const admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    buyer = await aVerifiedBuyer(t, admin);
    other = await aVerifiedBuyer(t, admin);
  }, 120_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const acceptHighBid = (lotId: string, who: OrgSession) => t.http.post(`/v1/auctions/${lotId}/accept-high-bid`).set(who.auth);
  const lotRow = async (lotId: string) => (await t.db.query('SELECT status, hammer_price::int AS hammer, closed_at, vehicle_id FROM auction_lots WHERE id = $1', [lotId]))[0];
  const vehicleStatus = async (vehicleId: string) => (await t.db.query('SELECT status FROM vehicles WHERE id = $1', [vehicleId]))[0].status;
  const invoiceCount = async (lotId: string) => Number((await t.db.query('SELECT count(*) FROM auction_invoices WHERE lot_id = $1', [lotId]))[0].count);
  /** A lot with a 500,000 reserve, bid below it, closed `no_sale` by its close job. */
  const aNoSaleLot = async (bids: [OrgSession, number][]) => {
    const lotId = await aLiveLot(t, lender, { reserve_price: usd(500_000) });
    for (const [who, max] of bids) expect((await t.http.post(`/v1/auctions/${lotId}/bids`).set(who.auth).send({ max_amount: usd(max) })).status).toBe(201);
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    expect(await t.app.get(AuctionsService).close(lotId)).toEqual({ outcome: 'no_sale' });
    return { lotId, ...(await lotRow(lotId)) };
  };

  it('sells to the high bidder at the current price within 24 h; refuses the wrong org, kind and role, and a second time, writing nothing', async () => {
    const lot = await aNoSaleLot([[buyer, 100_000], [other, 150_000]]);
    expect(await vehicleStatus(lot.vehicle_id)).toBe('in_storage');
    const nothingWritten = async () => {
      expect((await lotRow(lot.lotId)).status).toBe('no_sale');
      expect(await invoiceCount(lot.lotId)).toBe(0);
      expect(await vehicleStatus(lot.vehicle_id)).toBe('in_storage');
    };
    expectProblem(await acceptHighBid(lot.lotId, await aLender(t).build()), 404, 'auction.not_found');
    expectProblem(await acceptHighBid(lot.lotId, other), 403, 'auth.wrong_org_kind');
    expectProblem(await acceptHighBid(lot.lotId, await addUser(t, lender, 'agent')), 403, 'auth.insufficient_role');
    expectProblem(await acceptHighBid('nope', lender), 404, 'auction.not_found');
    await nothingWritten();

    t.clock.set(new Date(new Date(lot.closed_at).getTime() + DAY));
    const sold = await acceptHighBid(lot.lotId, lender);
    expect(sold.status).toBe(200);
    // The high bidder's price: 100,000 + 5,000; premium 10 % at least 20,000; no hold left to apply.
    expect(sold.body.lot).toMatchObject({ id: lot.lotId, status: 'sold', hammer_price: usd(105_000), current_price: usd(105_000) });
    expect(sold.body.invoice).toMatchObject({ buyer_org_id: other.orgId, hammer_price: usd(105_000), buyer_premium: usd(20_000), total: usd(125_000), deposit_applied: usd(0), balance_due: usd(125_000), due_on: addBusinessDays(calendarDateOf(t.clock.now()), 2) });
    expect(await vehicleStatus(lot.vehicle_id)).toBe('sold');
    const [ev] = await t.db.query(`SELECT org_ids, payload FROM outbox_events WHERE type = 'auction.high_bid_accepted' AND aggregate_id = $1`, [lot.lotId]);
    expect(ev.payload).toMatchObject({ buyer_org_id: other.orgId, hammer_price: usd(105_000), invoice_id: sold.body.invoice.id });
    expect(ev.org_ids.sort()).toEqual([lender.orgId, other.orgId].sort());
    expect((await t.http.get('/v1/invoices').set(other.auth)).body.data.map((i: { lot_id: string }) => i.lot_id)).toContain(lot.lotId);

    expect(expectProblem(await acceptHighBid(lot.lotId, lender), 409, 'auction.not_no_sale')).toMatchObject({ current: 'sold' });
    expect(await invoiceCount(lot.lotId)).toBe(1);
  }, 60_000);

  it('after 24 h refuses with the deadline; the lender relists instead', async () => {
    const lot = await aNoSaleLot([[buyer, 100_000]]);
    const deadline = new Date(new Date(lot.closed_at).getTime() + DAY);
    t.clock.set(new Date(deadline.getTime() + 1));
    expect(expectProblem(await acceptHighBid(lot.lotId, lender), 422, 'auction.high_bid_window_passed')).toMatchObject({ deadline: deadline.toISOString() });
    expect((await lotRow(lot.lotId)).status).toBe('no_sale');
    expect(await invoiceCount(lot.lotId)).toBe(0);
    t.clock.reset();
    const relisted = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(lot.vehicle_id));
    expect(relisted.status).toBe(201);
  }, 60_000);

  it('refuses once the vehicle is relisted, and a lot closed without a bid', async () => {
    const lot = await aNoSaleLot([[buyer, 100_000]]);
    t.clock.reset();
    expect((await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(lot.vehicle_id))).status).toBe(201);
    expectProblem(await acceptHighBid(lot.lotId, lender), 409, 'auction.vehicle_relisted');
    expect((await lotRow(lot.lotId)).status).toBe('no_sale');
    expect(await invoiceCount(lot.lotId)).toBe(0);

    const bare = await aNoSaleLot([]);
    expectProblem(await acceptHighBid(bare.lotId, lender), 409, 'auction.no_high_bid');
    expect(await invoiceCount(bare.lotId)).toBe(0);
  }, 60_000);

  it('two acceptances at once sell once', async () => {
    const lot = await aNoSaleLot([[buyer, 100_000]]);
    const answers = await Promise.all([acceptHighBid(lot.lotId, lender), acceptHighBid(lot.lotId, lender), acceptHighBid(lot.lotId, lender)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    for (const r of answers.filter((x) => x.status === 409)) expectProblem(r, 409, 'auction.not_no_sale');
    expect(await invoiceCount(lot.lotId)).toBe(1);
  }, 60_000);
});
