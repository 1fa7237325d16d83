import { AuctionsService } from '../../src/auctions/auctions.service';
import { aLiveLot, aLotBody, aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { aBuyer, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { openSse, SseClient, SseEvent } from '../support/sse';
import { createTestApp, createTestAppOn, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const HEARTBEAT_MS = 300;

describe('auctions: live updates (server-sent events)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let buyers: OrgSession[];
  const open: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ ...platformAdminEnv(), AUCTION_STREAM_HEARTBEAT_MS: String(HEARTBEAT_MS) });
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    buyers = [];
    for (let i = 0; i < 3; i++) buyers.push(await aVerifiedBuyer(t, admin));
  }, 120_000);
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
    t.clock.reset();
  });
  afterAll(() => t.close());

  const follow = async (app: TestApp, lotId: string, who: OrgSession, lastEventId?: string) => {
    const client = await openSse(app, `/v1/auctions/${lotId}/stream`, { ...who.auth, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) });
    open.push(client);
    return client;
  };
  const bid = (lotId: string, who: OrgSession, amount: number) => t.http.post(`/v1/auctions/${lotId}/bids`).set(who.auth).send({ max_amount: usd(amount) });
  const bidEvents = (events: readonly SseEvent[]) => events.filter((e) => e.type === 'bid');
  const data = (e: SseEvent) => e.data as { seq: number; current_price: { amount: number }; bid_count: number; leader: { bidder: number; you: boolean } | null; status: string; ends_at: string };

  it('starts with a snapshot, then tells a buyer the price after another buyer’s bid, their own lead marked, with heartbeats', async () => {
    const lotId = await aLiveLot(t, lender);
    const [a, b] = [buyers[0]!, buyers[1]!];
    const watching = await follow(t, lotId, a);
    expect(watching.status).toBe(200);
    expect(watching.headers['content-type']).toMatch(/^text\/event-stream/);
    const [snapshot] = await watching.until((es) => es.length >= 1, 'the snapshot');
    expect(snapshot).toMatchObject({ type: 'snapshot', data: { lot_id: lotId, status: 'live', current_price: null, bid_count: 0, leader: null, reserve_met: false } });

    expect((await bid(lotId, a, 70_000)).status).toBe(201);
    expect((await bid(lotId, b, 65_000)).status).toBe(201);
    const events = await watching.until((es) => bidEvents(es).length >= 2, 'two bid events');
    const [first, second] = bidEvents(events);
    expect(first!.data).toMatchObject({ current_price: usd(50_000), bid_count: 1, leader: { bidder: 1, you: true }, reserve_met: true });
    // B's lower maximum pushes A's price to one increment above it; A keeps the lead.
    expect(second!.data).toMatchObject({ current_price: usd(67_500), bid_count: 2, leader: { bidder: 1, you: true } });
    expect(Number(second!.id)).toBe(Number(first!.id) + 1);

    // Seen by B, the same leader is bidder 1, not B.
    const other = await follow(t, lotId, b);
    const [bView] = await other.until((es) => es.length >= 1, 'B’s snapshot');
    expect(bView).toMatchObject({ type: 'snapshot', id: second!.id, data: { current_price: usd(67_500), leader: { bidder: 1, you: false } } });
    expect((await bid(lotId, b, 90_000)).status).toBe(201);
    const [, taken] = await other.until((es) => es.length >= 2, 'B’s lead');
    expect(taken!.data).toMatchObject({ current_price: usd(72_500), leader: { bidder: 2, you: true } });
    const [, , , lost] = await watching.until((es) => bidEvents(es).length >= 3, 'A told of B’s lead');
    expect(lost!.data).toMatchObject({ current_price: usd(72_500), leader: { bidder: 2, you: false } });
    expect(JSON.stringify(watching.events)).not.toContain(b.orgId);

    await watching.until(() => watching.comments.includes('heartbeat'), 'a heartbeat', HEARTBEAT_MS * 10);
  });

  it('resumes with Last-Event-ID: exactly the events missed, then live ones', async () => {
    const lotId = await aLiveLot(t, lender);
    const [a, b, c] = [buyers[0]!, buyers[1]!, buyers[2]!];
    const first = await follow(t, lotId, c);
    await bid(lotId, a, 60_000);
    const seen = await first.until((es) => bidEvents(es).length >= 1, 'the first bid');
    const lastId = seen[seen.length - 1]!.id!;
    first.close();

    // Missed while away: three bids (B takes the lead, A comes back, B raises).
    for (const [who, max] of [[b, 70_000], [a, 80_000], [b, 100_000]] as const) expect((await bid(lotId, who, max)).status).toBe(201);
    const resumed = await follow(t, lotId, c, lastId);
    const replayed = await resumed.until((es) => es.length >= 3, 'the missed events');
    expect(replayed.map((e) => Number(e.id))).toEqual([1, 2, 3].map((n) => Number(lastId) + n));
    expect(replayed.map((e) => e.type)).toEqual(['bid', 'bid', 'bid']);
    expect(replayed.map((e) => data(e).current_price.amount)).toEqual([62_500, 72_500, 82_500]);
    expect(replayed.map((e) => data(e).bid_count)).toEqual([2, 3, 4]);

    // Then live: the close reaches it as a status event.
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    await t.app.get(AuctionsService).close(lotId);
    const all = await resumed.until((es) => es.length >= 4, 'the close');
    expect(all).toHaveLength(4);
    expect(all[3]).toMatchObject({ type: 'status', id: String(Number(lastId) + 4), data: { status: 'sold', current_price: usd(82_500), leader: { bidder: 2, you: false } } });

    // Resuming from the last id gives nothing twice.
    const again = await follow(t, lotId, c, all[3]!.id!);
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 2));
    expect(again.events).toEqual([]);
  });

  it('a second API process delivers a bid made on the other, through Redis', async () => {
    const second = await createTestAppOn(t.databaseName, { AUCTION_STREAM_HEARTBEAT_MS: '60000' });
    try {
      const lotId = await aLiveLot(t, lender);
      const onSecond = await follow(second, lotId, buyers[2]!);
      await onSecond.until((es) => es.length >= 1, 'the snapshot on the second process');
      expect((await bid(lotId, buyers[0]!, 75_000)).status).toBe(201);
      // The heartbeat catch-up is a minute away here: the event can only have come through Redis.
      const [, live] = await onSecond.until((es) => es.length >= 2, 'the bid from the first process', 5_000);
      expect(live).toMatchObject({ type: 'bid', data: { current_price: usd(50_000), bid_count: 1, leader: { bidder: 1, you: false } } });
      const ownOnSecond = await follow(second, lotId, buyers[0]!);
      const [snap] = await ownOnSecond.until((es) => es.length >= 1, 'the leader’s snapshot');
      expect(snap!.data).toMatchObject({ leader: { bidder: 1, you: true } });
    } finally {
      for (const c of open.splice(0)) c.close();
      await second.close({ keepDatabase: true });
    }
  }, 60_000);

  it('a lot opening and being cancelled reach a reader who follows it from scheduled', async () => {
    const vehicleId = await aVehicleInStorage(t, lender);
    const startsAt = new Date(Date.now() + 600_000);
    const created = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, { starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 3_600_000).toISOString() }));
    await t.http.post(`/v1/auctions/${created.body.id}/schedule`).set(lender.auth);
    const reader = await follow(t, created.body.id, lender);
    await reader.until((es) => es.length >= 1, 'the snapshot');
    t.clock.set(startsAt);
    await t.app.get(AuctionsService).open(created.body.id);
    await t.http.post(`/v1/auctions/${created.body.id}/cancel`).set(lender.auth).send({ reason: 'borrower redeemed' });
    const events = await reader.until((es) => es.length >= 3, 'opened and cancelled');
    expect(events.map((e) => [e.type, data(e).status])).toEqual([
      ['snapshot', 'scheduled'],
      ['status', 'live'],
      ['status', 'cancelled'],
    ]);
  });

  it('refuses a stream the caller may not read, and a malformed Last-Event-ID', async () => {
    const lotId = await aLiveLot(t, lender);
    expectProblem(await t.http.get(`/v1/auctions/${lotId}/stream`), 401, 'auth.missing_credentials');
    const other = await aLender(t).build();
    expectProblem(await t.http.get(`/v1/auctions/${lotId}/stream`).set(other.auth), 404, 'auction.not_found');
    const unverified = await aBuyer(t).build();
    expectProblem(await t.http.get(`/v1/auctions/${lotId}/stream`).set(unverified.auth), 403, 'auction.buyer_not_verified');
    const vehicleId = await aVehicleInStorage(t, lender);
    const draft = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId));
    expectProblem(await t.http.get(`/v1/auctions/${draft.body.id}/stream`).set(buyers[0]!.auth), 404, 'auction.not_found');
    expectProblem(await t.http.get(`/v1/auctions/${lotId}/stream`).set(buyers[0]!.auth).set('Last-Event-ID', 'abc'), 400, 'validation.failed');
  });
});
