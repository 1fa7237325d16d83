import { aBuyer, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

/** Issue 9 §5–§6 and issue 11 item 8: who sees which listings, and pages that hold what they say. */
describe('marketplace: listing visibility and pages', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let texan: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    texan = await aPartner(t, admin, { regions: ['US-TX'] });
  });
  afterAll(() => t.close());

  const publish = async (caseIds: string[], overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, caseIds, overrides));
    if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const nevada = () => placeCase(t, lender, { borrower: { region: 'US-NV', timezone: 'America/Los_Angeles' } });

  it('gives a buyer an empty page and 404 for a listing, never the lender’s blocked or direct partners', async () => {
    const l = await publish([await placeCase(t, lender)], { blocked_partner_ids: [texan.orgId] });
    const buyer = await aBuyer(t).build();
    const page = await t.http.get('/v1/listings').set(buyer.auth);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ data: [], next_cursor: null });
    const one = expectProblem(await t.http.get(`/v1/listings/${l.id}`).set(buyer.auth), 404, 'listing.not_found');
    expect(JSON.stringify(one)).not.toContain(texan.orgId);
    expectProblem(await t.http.get(`/v1/listings/${l.id}/bids`).set(buyer.auth), 404, 'listing.not_found');
  });

  it('answers 404, like an unknown id, for a bid on another lender’s direct listing; 422 only to the partner named on it', async () => {
    const other = await aPartner(t, admin, { regions: ['US-TX'] });
    const l = await publish([await placeCase(t, lender)], { bidding_mode: 'direct', direct_partner_id: texan.orgId, deadline: undefined });
    const foreign = expectProblem(await t.http.post(`/v1/listings/${l.id}/bids`).set(other.auth).send(aBid(2000)), 404, 'listing.not_found');
    const unknown = expectProblem(await t.http.post('/v1/listings/00000000-0000-4000-8000-000000000000/bids').set(other.auth).send(aBid(2000)), 404, 'listing.not_found');
    expect(foreign.detail).toBe(unknown.detail);
    expectProblem(await t.http.delete(`/v1/listings/${l.id}/bids/mine`).set(other.auth), 404, 'listing.not_found');
    expectProblem(await t.http.get(`/v1/listings/${l.id}/bids`).set(other.auth), 404, 'listing.not_found');
    // The partner the work was offered to knows the listing: it is told why it cannot bid.
    expectProblem(await t.http.post(`/v1/listings/${l.id}/bids`).set(texan.auth).send(aBid(2000)), 422, 'listing.not_biddable');
    expect(await count(t, 'SELECT count(*) AS n FROM bids WHERE listing_id = $1', [l.id])).toBe(0);
  });

  it('answers 404 for a bid on a closed listing the partner took no part in', async () => {
    const late = await aPartner(t, admin, { regions: ['US-TX'] });
    const l = await publish([await placeCase(t, lender)]);
    expect((await t.http.post(`/v1/listings/${l.id}/cancel`).set(lender.auth)).status).toBe(200);
    expectProblem(await t.http.post(`/v1/listings/${l.id}/bids`).set(late.auth).send(aBid(2000)), 404, 'listing.not_found');
    expect(await count(t, 'SELECT count(*) AS n FROM bids WHERE listing_id = $1', [l.id])).toBe(0);
  });

  it('fills a partner’s page to `limit` with listings it may bid on, skipping those it may not, and pages on', async () => {
    const lender2 = await aLender(t).build();
    const schedule2 = await aFeeSchedule(t, lender2);
    const partner = await aPartner(t, admin, { regions: ['US-TX'], capabilities: ['skip_trace'] });
    const mine: string[] = [];
    const pub = async (region: 'US-TX' | 'US-NV') => {
      const c = await placeCase(t, lender2, region === 'US-NV' ? { borrower: { region: 'US-NV', timezone: 'America/Los_Angeles' } } : {});
      const res = await t.http.post('/v1/listings').set(lender2.auth).send(aListingBody(schedule2, [c], { kind: 'skip_trace', capability: 'skip_trace' }));
      expect(res.status).toBe(201);
      if (region === 'US-TX') mine.push(res.body.id);
    };
    // Newest first: TX, NV, NV, TX, NV, NV, TX (oldest) — eligible rows are far apart in the order.
    for (const region of ['US-TX', 'US-NV', 'US-NV', 'US-TX', 'US-NV', 'US-NV', 'US-TX'] as const) await pub(region);
    const seen: string[] = [];
    const first = await t.http.get('/v1/listings?kind=skip_trace&limit=2').set(partner.auth);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    seen.push(...first.body.data.map((l: { id: string }) => l.id));
    const second = await t.http.get(`/v1/listings?kind=skip_trace&limit=2&cursor=${first.body.next_cursor}`).set(partner.auth);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.next_cursor).toBeNull();
    seen.push(...second.body.data.map((l: { id: string }) => l.id));
    expect(seen).toEqual([...mine].reverse());
  });

  it('reads a page of listings in the same number of queries whatever its length (no query per row)', async () => {
    for (let i = 0; i < 8; i++) await publish([i % 2 === 0 ? await placeCase(t, lender) : await nevada()]);
    const queries = async (who: OrgSession, path: string) => {
      const spy = jest.spyOn(t.db.logger, 'logQuery');
      try {
        const res = await t.http.get(path).set(who.auth);
        expect(res.status).toBe(200);
        // Only the reads of the marketplace's tables: the worker's relay and sweeps query meanwhile.
        const reads = spy.mock.calls.filter(([sql]) => /FROM "(listings|lots|fee_schedules|listing_cases|bids|jobs|partner_profiles|partner_credentials|credential_requirements)"/.test(sql));
        return { n: reads.length, rows: res.body.data.length as number };
      } finally {
        spy.mockRestore();
      }
    };
    const short = await queries(lender, '/v1/listings?limit=2');
    const long = await queries(lender, '/v1/listings?limit=8');
    expect([short.rows, long.rows]).toEqual([2, 8]);
    expect(long.n).toBe(short.n);
    const partnerShort = await queries(texan, '/v1/listings?limit=1');
    const partnerLong = await queries(texan, '/v1/listings?limit=4');
    expect(partnerLong.rows).toBe(4);
    expect(partnerLong.n).toBe(partnerShort.n);
  });
});

