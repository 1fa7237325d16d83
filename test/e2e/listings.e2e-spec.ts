import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';
import { QueueService } from '../../src/common/queue/queue.service';
import { AWARD_DEADLINE } from '../../src/marketplace/marketplace-timers';

describe('marketplace: listings, eligibility, bids', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let agencyA: OrgSession;
  let agencyB: OrgSession;
  let californian: OrgSession;
  let unvetted: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
    agencyA = await aPartner(t, admin);
    agencyB = await aPartner(t, admin);
    californian = await aPartner(t, admin, { regions: ['US-NV'] });
    unvetted = await aPartner(t, admin, { approved: false });
  });
  afterAll(() => t.close());

  const caseStatus = async (id: string) => (await t.db.query('SELECT status FROM cases WHERE id = $1', [id]))[0].status;
  const publish = async (caseIds: string[], overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, caseIds, overrides));
    if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const listingCount = () => count(t, 'SELECT count(*) AS n FROM listings WHERE org_id = $1', [lender.orgId]);

  describe('publishing', () => {
    it('publishes a sealed collection listing: cases → listed, region from the cases, event in the outbox', async () => {
      const c1 = await placeCase(t, lender);
      const c2 = await placeCase(t, lender, { borrower: { region: 'US-OK', timezone: 'America/Chicago' } });
      const listing = await publish([c1, c2]);
      expect(listing).toMatchObject({
        status: 'open',
        kind: 'collection',
        bidding_mode: 'sealed',
        capability: 'soft_collection',
        regions: ['US-OK', 'US-TX'],
        fee_schedule: { id: schedule, version: 1, schedule: { contingency_bps: 2500 } },
        lots: [{ key: 'all', case_count: 2, total_balance: { amount: 2_000_000, currency: 'USD' } }],
        bid_count: 0,
      });
      expect(listing.cases[0].borrower).toMatchObject({ name: 'J*** D***', city: 'Austin' });
      expect(await caseStatus(c1)).toBe('listed');
      expect(await count(t, `SELECT count(*) AS n FROM outbox_events WHERE type = 'listing.published' AND aggregate_id = $1`, [listing.id])).toBe(1);
    });

    it('refuses cases under bankruptcy or legal hold and cases already listed, with the reason per case, and writes nothing', async () => {
      const held = await placeCase(t, lender, { flags: ['bankruptcy'] });
      const fine = await placeCase(t, lender);
      const listed = await placeCase(t, lender);
      await publish([listed]);
      const before = await listingCount();
      const body = expectProblem(await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [held, fine, listed])), 422, 'listing.cases_not_listable');
      expect(body.cases).toEqual([
        { case_id: held, reasons: [expect.objectContaining({ code: 'case.bankruptcy' })] },
        { case_id: listed, reasons: [expect.objectContaining({ code: 'case.already_listed' })] },
      ]);
      expect(await listingCount()).toBe(before);
      expect(await caseStatus(fine)).toBe('new');
    });

    it.each<[string, Record<string, unknown>, number, string, string?]>([
      ['a deadline in the past', { deadline: new Date(Date.now() - 1000).toISOString() }, 422, 'listing.invalid', 'deadline'],
      ['a sealed listing without a deadline', { deadline: undefined }, 422, 'listing.invalid', 'deadline'],
      ['bounds out of range', { bounds: { max_contingency_bps: 20_000 } }, 422, 'listing.invalid', 'bounds.max_contingency_bps'],
      ['a flat fee on collection work', { bounds: { max_flat_fee: { amount: 100, currency: 'USD' } } }, 422, 'listing.invalid', 'bounds.max_flat_fee'],
      ['a capability that does not do the work', { capability: 'repossession' }, 422, 'listing.invalid', 'capability'],
      ['weights all zero', { weights: { price: 0, performance: 0, quality: 0, sla: 0, capacity: 0, proximity: 0 } }, 422, 'listing.invalid', 'weights'],
      ['an unknown field', { colour: 'red' }, 400, 'validation.failed', 'colour'],
      ['an unknown bidding mode', { bidding_mode: 'dutch' }, 400, 'validation.failed', 'bidding_mode'],
      ['a direct listing without its partner', { bidding_mode: 'direct', deadline: undefined }, 422, 'listing.invalid', 'direct_partner_id'],
      ['an even split into more lots than cases', { split: { kind: 'even', lots: 5 } }, 422, 'listing.invalid', 'split.lots'],
    ])('refuses %s, writing nothing', async (_name, overrides, status, code, field) => {
      const c = await placeCase(t, lender);
      const before = await listingCount();
      const body = expectProblem(await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [c], overrides)), status, code);
      if (field) expect(body.errors?.map((e) => e.field)).toContain(field);
      expect(await listingCount()).toBe(before);
      expect(await caseStatus(c)).toBe('new');
    });

    it('404s another lender’s fee schedule and cases; 403s partners and agents', async () => {
      const other = await aLender(t).build();
      const theirs = await aFeeSchedule(t, other);
      const c = await placeCase(t, lender);
      expectProblem(await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(theirs, [c])), 404, 'fee_schedule.not_found');
      const body = expectProblem(await t.http.post('/v1/listings').set(other.auth).send(aListingBody(theirs, [c])), 422, 'listing.cases_not_listable');
      expect(body.cases).toEqual([{ case_id: c, reasons: [expect.objectContaining({ code: 'case.not_found' })] }]);
      expectProblem(await t.http.post('/v1/listings').set(agencyA.auth).send(aListingBody(schedule, [c])), 403, 'auth.wrong_org_kind');
      const agent = await addUser(t, lender, 'agent');
      expectProblem(await t.http.post('/v1/listings').set(agent.auth).send(aListingBody(schedule, [c])), 403, 'auth.insufficient_role');
      expect(await caseStatus(c)).toBe('new');
    });
  });

  describe('eligibility: a partner sees and bids only where it may serve', () => {
    let listing: { id: string };
    let blocked: OrgSession;
    let full: OrgSession;

    beforeAll(async () => {
      blocked = await aPartner(t, admin);
      full = await aPartner(t, admin, { capacity: 1 });
      // `full` uses its one slot on a direct offer.
      const c0 = await placeCase(t, lender);
      await publish([c0], { bidding_mode: 'direct', direct_partner_id: full.orgId, deadline: undefined });
      listing = await publish([await placeCase(t, lender)], { blocked_partner_ids: [blocked.orgId] });
    });

    it('shows an eligible partner the listing with the fee schedule and masked PII', async () => {
      const list = await t.http.get('/v1/listings').set(agencyA.auth);
      expect(list.status).toBe(200);
      expect(list.body.data.map((l: { id: string }) => l.id)).toContain(listing.id);
      const res = await t.http.get(`/v1/listings/${listing.id}`).set(agencyA.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: listing.id, eligible_lots: ['all'], my_bid: null, fee_schedule: { schedule: { contingency_bps: 2500 } } });
      expect(res.body.cases[0].borrower).toEqual({ name: 'J*** D***', city: 'Austin', postal_code: '78701', region: 'US-TX', timezone: 'America/Chicago' });
      expect(JSON.stringify(res.body)).not.toMatch(/Jane|jane\.doe|4155550123|123-45-6789|Main St/);
      expect(res.body).not.toHaveProperty('blocked_partner_ids');
    });

    it.each<[string, () => OrgSession, string[]]>([
      ['outside its service area', () => californian, ['partner.region_not_covered']],
      ['not approved', () => unvetted, ['partner.not_approved']],
      ['blocked by the lender', () => blocked, ['listing.partner_blocked']],
      ['without free capacity', () => full, ['partner.no_capacity']],
    ])('hides it from a partner %s (404) and refuses its bid (422 with reasons), writing nothing', async (_name, who, codes) => {
      const p = who();
      const list = await t.http.get('/v1/listings').set(p.auth);
      expect(list.body.data.map((l: { id: string }) => l.id)).not.toContain(listing.id);
      expectProblem(await t.http.get(`/v1/listings/${listing.id}`).set(p.auth), 404, 'listing.not_found');
      expectProblem(await t.http.get(`/v1/listings/${listing.id}/bids`).set(p.auth), 404, 'listing.not_found');
      const body = expectProblem(await t.http.post(`/v1/listings/${listing.id}/bids`).set(p.auth).send(aBid(2000)), 422, 'bid.partner_not_eligible');
      expect((body.reasons as { code: string }[]).map((r) => r.code)).toEqual(expect.arrayContaining(codes));
      expect(await count(t, 'SELECT count(*) AS n FROM bids WHERE partner_org_id = $1', [p.orgId])).toBe(0);
    });

    it('404s another lender and unknown ids', async () => {
      const other = await aLender(t).build();
      expectProblem(await t.http.get(`/v1/listings/${listing.id}`).set(other.auth), 404, 'listing.not_found');
      expectProblem(await t.http.get('/v1/listings/not-a-uuid').set(lender.auth), 404, 'listing.not_found');
      expectProblem(await t.http.post(`/v1/listings/00000000-0000-4000-8000-000000000000/bids`).set(agencyA.auth).send(aBid(2000)), 404, 'listing.not_found');
    });
  });

  describe('bids', () => {
    it('refuses terms outside the bounds with field reasons, writing nothing', async () => {
      const l = await publish([await placeCase(t, lender)], { bounds: { max_contingency_bps: 2500, sla: { first_action_hours: { max: 48 } } } });
      const body = expectProblem(
        await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send({ contingency_bps: 2600, sla: { first_action_hours: 72, completion_days: 30 } }),
        422,
        'bid.invalid_terms',
      );
      expect(body.errors).toEqual([
        expect.objectContaining({ field: 'contingency_bps', code: 'bid.out_of_bounds' }),
        expect.objectContaining({ field: 'sla.first_action_hours', code: 'bid.out_of_bounds' }),
      ]);
      expectProblem(await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send({ sla: { first_action_hours: 1, completion_days: 1 } }), 422, 'bid.invalid_terms');
      expectProblem(await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send({ contingency_bps: 10 }), 400, 'validation.failed');
      expect(await count(t, 'SELECT count(*) AS n FROM bids WHERE listing_id = $1', [l.id])).toBe(0);
    });

    it('replaces a live bid, withdraws it, and refuses to withdraw twice', async () => {
      const l = await publish([await placeCase(t, lender)]);
      const first = await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send(aBid(2500));
      expect(first.status).toBe(201);
      const second = await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send(aBid(2200));
      expect(second.status).toBe(201);
      const rows = await t.db.query('SELECT id, status FROM bids WHERE listing_id = $1 ORDER BY created_at', [l.id]);
      expect(rows).toEqual([
        { id: first.body.id, status: 'replaced' },
        { id: second.body.id, status: 'live' },
      ]);
      expect((await t.http.delete(`/v1/listings/${l.id}/bids/mine`).set(agencyA.auth)).status).toBe(204);
      expectProblem(await t.http.delete(`/v1/listings/${l.id}/bids/mine`).set(agencyA.auth), 404, 'bid.not_found');
      expect(await count(t, `SELECT count(*) AS n FROM bids WHERE listing_id = $1 AND status = 'live'`, [l.id])).toBe(0);
    });

    it('keeps one live bid when one partner bids 10 times in parallel', async () => {
      const l = await publish([await placeCase(t, lender)]);
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send(aBid(2000 + i))));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      expect(await count(t, `SELECT count(*) AS n FROM bids WHERE listing_id = $1 AND status = 'live'`, [l.id])).toBe(1);
      expect(await count(t, `SELECT count(*) AS n FROM bids WHERE listing_id = $1`, [l.id])).toBe(10);
    });

    it('closes bidding at the deadline (409) and refuses lenders (403)', async () => {
      const l = await publish([await placeCase(t, lender)], { deadline: new Date(Date.now() + 60_000).toISOString() });
      expectProblem(await t.http.post(`/v1/listings/${l.id}/bids`).set(lender.auth).send(aBid(2000)), 403, 'auth.wrong_org_kind');
      t.clock.set(new Date(Date.now() + 120_000));
      try {
        expectProblem(await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send(aBid(2000)), 409, 'listing.bidding_closed');
      } finally {
        t.clock.reset();
      }
      expect(await count(t, 'SELECT count(*) AS n FROM bids WHERE listing_id = $1', [l.id])).toBe(0);
    });
  });

  describe('sealed privacy', () => {
    it('never shows partner B anything of partner A’s bid, in any answer', async () => {
      const l = await publish([await placeCase(t, lender)]);
      const a = await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send({ ...aBid(1234, { first_action_hours: 7, completion_days: 11 }), note: 'secret-a' });
      expect(a.status).toBe(201);
      const b = await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyB.auth).send(aBid(2900));
      expect(b.status).toBe(201);
      const answers = [
        b.body,
        (await t.http.get('/v1/listings').set(agencyB.auth)).body,
        (await t.http.get(`/v1/listings/${l.id}`).set(agencyB.auth)).body,
        (await t.http.get(`/v1/listings/${l.id}/bids`).set(agencyB.auth)).body,
      ];
      for (const body of answers) {
        const text = JSON.stringify(body);
        expect(text).not.toContain(a.body.id);
        expect(text).not.toContain(agencyA.orgId);
        // A's price as a value: the bare digits can occur by chance inside the page's random ids.
        expect(text).not.toMatch(/[:,[]1234[,}\]]/);
        expect(text).not.toContain('secret-a');
      }
      const mine = (await t.http.get(`/v1/listings/${l.id}/bids`).set(agencyB.auth)).body;
      expect(mine.data).toHaveLength(1);
      expect(mine).not.toHaveProperty('best_terms');
      const lenderView = (await t.http.get(`/v1/listings/${l.id}/bids`).set(lender.auth)).body;
      expect(lenderView.data.map((x: { id: string }) => x.id).sort()).toEqual([a.body.id, b.body.id].sort());
      expect(lenderView.data[0]).toMatchObject({ rank: 1, eligible: true, score: expect.any(Number), breakdown: { price: { value: 1, weight: 0.3 } } });
    });

    it('in open mode shows bidders the best current terms, without who proposed them', async () => {
      const l = await publish([await placeCase(t, lender)], { bidding_mode: 'open' });
      const a = await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyA.auth).send(aBid(1700, { first_action_hours: 6, completion_days: 40 }));
      await t.http.post(`/v1/listings/${l.id}/bids`).set(agencyB.auth).send(aBid(2600, { first_action_hours: 24, completion_days: 20 }));
      const view = (await t.http.get(`/v1/listings/${l.id}/bids`).set(agencyB.auth)).body;
      expect(view.best_terms).toEqual({ contingency_bps: 1700, flat_fee: null, sla: { first_action_hours: 6, completion_days: 20 } });
      expect(view.data).toHaveLength(1);
      expect(JSON.stringify(view)).not.toContain(a.body.id);
      expect(JSON.stringify(view)).not.toContain(agencyA.orgId);
      expect((await t.http.get(`/v1/listings/${l.id}`).set(agencyB.auth)).body.best_terms.contingency_bps).toBe(1700);
    });
  });

  describe('deadline timer', () => {
    it('schedules award-deadline-<listingId> in BullMQ and moves it with the deadline', async () => {
      const deadline = new Date(Date.now() + 3_600_000);
      const l = await publish([await placeCase(t, lender)], { deadline: deadline.toISOString() });
      const queue = t.app.get(QueueService).queue(AWARD_DEADLINE.queue);
      const job = await queue.getJob(AWARD_DEADLINE.idOf({ listingId: l.id }));
      expect(job?.data).toEqual({ listingId: l.id });
      expect(Math.abs(job!.timestamp + job!.delay - deadline.getTime())).toBeLessThan(2000);
      const later = new Date(Date.now() + 7_200_000);
      const moved = await t.http.patch(`/v1/listings/${l.id}`).set(lender.auth).send({ deadline: later.toISOString() });
      expect(moved.status).toBe(200);
      const next = await queue.getJob(AWARD_DEADLINE.idOf({ listingId: l.id }));
      expect(Math.abs(next!.timestamp + next!.delay - later.getTime())).toBeLessThan(2000);
      expectProblem(await t.http.patch(`/v1/listings/${l.id}`).set(lender.auth).send({ deadline: new Date(Date.now() - 1000).toISOString() }), 400, 'validation.failed');
    });
  });
});
