import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, aPartner, placeCase } from '../support/marketplace';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 18 item 3: a partner's listing page is one keyset query whatever the number of listings
 * it passes over; eligibility is not decided per candidate row.
 */
describe('marketplace: the queries of a partner listing page do not grow with the listings', () => {
  let t: TestApp;
  let lender: OrgSession;
  let schedule: string;
  let texan: OrgSession;
  let eligible: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    const admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    texan = await aPartner(t, admin, { regions: ['US-TX'] });
    const publish = async (caseId: string) => {
      const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId]));
      if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    eligible = await publish(await placeCase(t, lender));
    await publish(await placeCase(t, lender, { borrower: { region: 'US-NV', timezone: 'America/Los_Angeles' } }));
  });
  afterAll(() => t.close());

  /** Newer copies of the lender's Nevada listing, with their lot: listings the Texan partner may not serve. */
  const addNevadaListings = async (n: number) => {
    await t.db.transaction(async (m) => {
      const [{ id: template }] = (await m.query(`SELECT l.id FROM listings l JOIN lots lo ON lo.listing_id = l.id WHERE l.org_id = $1 AND 'US-NV' = ANY(lo.regions) LIMIT 1`, [lender.orgId])) as { id: string }[];
      const columns = ((await m.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'listings' AND column_name NOT IN ('id', 'created_at') ORDER BY ordinal_position`)) as { column_name: string }[]).map((c) => c.column_name);
      await m.query(`CREATE TEMP TABLE copies ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, $1::int) g`, [n]);
      await m.query(`INSERT INTO listings (id, ${columns.join(', ')}, created_at) SELECT c.id, ${columns.map((col) => `l.${col}`).join(', ')}, now() + c.n * interval '1 millisecond' FROM copies c, listings l WHERE l.id = $1`, [template]);
      await m.query(`INSERT INTO lots (id, listing_id, key, case_ids, regions, total_balance_amount, currency) SELECT gen_random_uuid(), c.id, lo.key, lo.case_ids, lo.regions, lo.total_balance_amount, lo.currency FROM copies c, lots lo WHERE lo.listing_id = $1`, [template]);
    });
  };

  const page = async () => {
    const spy = jest.spyOn(t.db.logger, 'logQuery');
    try {
      const res = await t.http.get('/v1/listings?limit=50').set(texan.auth);
      expect(res.status).toBe(200);
      // Only the reads of this page's tables: the worker's relay and sweeps query meanwhile.
      const reads = spy.mock.calls.filter(([sql]) => /FROM "?(listings|lots|fee_schedules|listing_cases|bids|jobs|partner_profiles|partner_credentials|credential_requirements)"?/.test(sql));
      return { queries: reads.length, ids: (res.body.data as { id: string }[]).map((l) => l.id), next: res.body.next_cursor as string | null };
    } finally {
      spy.mockRestore();
    }
  };

  it('reads the same number of queries with 1 or 301 listings it may not serve ahead of the one it may', async () => {
    const before = await page();
    expect(before).toMatchObject({ ids: [eligible], next: null });
    await addNevadaListings(300);
    const after = await page();
    expect(after).toMatchObject({ ids: [eligible], next: null });
    expect(after.queries).toBe(before.queries);
  });
});
