import { Deadlines } from '../../src/common/queue/deadlines.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { AwardDeadlineJob } from '../../src/marketplace/award-deadline.job';
import { AWARD_DEADLINE } from '../../src/marketplace/marketplace-timers';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('marketplace: scoring, lots and the award', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
  });
  afterAll(() => t.close());

  const publish = async (caseIds: string[], overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, caseIds, overrides));
    if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const bid = async (partner: OrgSession, listingId: string, body: Record<string, unknown>) => {
    const res = await t.http.post(`/v1/listings/${listingId}/bids`).set(partner.auth).send(body);
    if (res.status !== 201) throw new Error(`bid failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const caseRow = async (id: string) => (await t.db.query('SELECT status, assigned_org_id FROM cases WHERE id = $1', [id]))[0];
  // A partner's history as the scorecard keeps it (issue 17): one month of cases recovered of assigned, upheld complaints, jobs, SLA milestones on time of decided.
  const stats = (partner: string, kind: string, [recovered, assigned, complaints, jobs, onTime, slaTotal]: number[]) =>
    t.db.query(
      `INSERT INTO analytics_partner_months (partner_org_id, kind, region, month, cases_recovered, cases_assigned, complaints_upheld, jobs_assigned, milestones_on_time, milestones_breached)
       VALUES ($1, $2, 'US-TX', date_trunc('month', now())::date, $3, $4, $5, $6, $7, $8)`,
      [partner, kind, recovered, assigned, complaints, jobs, onTime, slaTotal! - onTime!],
    );

  describe('scoring (docs/marketplace.md worked example)', () => {
    it('scores with the smoothed prior and ranks the proven partner above the cheaper newcomer', async () => {
      const proven = await aPartner(t, admin, { capabilities: ['skip_trace'], capacity: 10 });
      const newcomer = await aPartner(t, admin, { capabilities: ['skip_trace'], capacity: 5 });
      const history = await aPartner(t, admin, { capabilities: ['skip_trace'] });
      // Platform history for skip tracing: proven 45/50 recovered, 1 upheld complaint in 20 jobs, 18/20 on time;
      // another partner 10/50, 9 in 20, 10/20. Pooled priors: recovery 0.55, quality 0.75, on time 0.70.
      await stats(proven.orgId, 'skip_trace', [45, 50, 1, 20, 18, 20]);
      await stats(history.orgId, 'skip_trace', [10, 50, 9, 20, 10, 20]);
      const l = await publish([await placeCase(t, lender)], { kind: 'skip_trace' });
      const a = await bid(proven, l.id, aBid(2000));
      const b = await bid(newcomer, l.id, aBid(1600));
      const view = await t.http.get(`/v1/listings/${l.id}/bids`).set(lender.auth);
      expect(view.status).toBe(200);
      expect(view.body.data.map((x: { id: string }) => x.id)).toEqual([a.id, b.id]);
      expect(view.body.data[0]).toMatchObject({
        rank: 1,
        score: 0.863,
        breakdown: {
          price: { value: 0.8, weight: 0.3, contribution: 0.24 },
          performance: { value: 0.8682, weight: 0.3, contribution: 0.2605 },
          quality: { value: 0.95, weight: 0.15, contribution: 0.1425 },
          sla: { value: 0.9, weight: 0.1, contribution: 0.09 },
          capacity: { value: 1, weight: 0.05, contribution: 0.05 },
          proximity: { value: 0.8, weight: 0.1, contribution: 0.08 },
        },
      });
      expect(view.body.data[1]).toMatchObject({
        rank: 2,
        score: 0.7775,
        breakdown: { price: { value: 1 }, performance: { value: 0.55 }, quality: { value: 0.75 }, sla: { value: 0.7 } },
      });
      // The breakdown is part of the award record.
      const award = await t.http.post(`/v1/listings/${l.id}/award`).set(lender.auth).send({ auto: true });
      expect(award.status).toBe(200);
      expect(award.body.allocation).toEqual([expect.objectContaining({ bid_id: a.id, partner_id: proven.orgId, score: 0.863, rank: 1 })]);
      const [row] = await t.db.query('SELECT ranking FROM awards WHERE listing_id = $1', [l.id]);
      expect(row.ranking.candidates[1]).toMatchObject({ id: b.id, score: 0.7775 });
      // With the inputs it was computed from (issue 17).
      expect(row.ranking.candidates[0].inputs).toEqual({
        effective_fee: 2000,
        stats: { recovered: 45, assigned: 50, complaints_upheld: 1, jobs_total: 20, on_time: 18, sla_total: 20, active_jobs: 0, capacity: 10 },
        record: 'kind_region',
        region: 'US-TX',
        proximity: 0.8,
      });
      expect(row.ranking.priors).toEqual({ recovery_rate: 0.55, quality: 0.75, on_time_rate: 0.7 });
    });

    it('gives a tie to the earlier bid', async () => {
      const first = await aPartner(t, admin, { capabilities: ['skip_trace'] });
      const second = await aPartner(t, admin, { capabilities: ['skip_trace'] });
      const l = await publish([await placeCase(t, lender)], { kind: 'skip_trace' });
      const b2 = await bid(second, l.id, aBid(2000));
      const b1 = await bid(first, l.id, aBid(2000));
      // `second` bid first.
      const view = (await t.http.get(`/v1/listings/${l.id}/bids`).set(lender.auth)).body;
      expect(view.data[0].score).toBe(view.data[1].score);
      expect(view.data.map((x: { id: string }) => x.id)).toEqual([b2.id, b1.id]);
    });

    it('uses per-listing weights and marks bids below the minimum score ineligible', async () => {
      const cheap = await aPartner(t, admin);
      const dear = await aPartner(t, admin);
      const l = await publish([await placeCase(t, lender)], { weights: { price: 1, performance: 0, quality: 0, sla: 0, capacity: 0, proximity: 0 }, min_score: 0.6 });
      await bid(cheap, l.id, aBid(1000));
      const d = await bid(dear, l.id, aBid(2000));
      const view = (await t.http.get(`/v1/listings/${l.id}/bids`).set(lender.auth)).body;
      expect(view.data[0]).toMatchObject({ score: 1, rank: 1, eligible: true });
      expect(view.data[1]).toMatchObject({ id: d.id, score: 0.5, rank: null, eligible: false, reasons: [expect.objectContaining({ code: 'bid.below_min_score' })] });
    });
  });

  describe('portfolio lots', () => {
    it('splits by region and gives each lot to the best eligible bidder with capacity', async () => {
      const texasOnly = await aPartner(t, admin, { regions: ['US-TX'] });
      const both = await aPartner(t, admin, { regions: ['US-TX', 'US-OK'], capacity: 1 });
      const tx = [await placeCase(t, lender), await placeCase(t, lender), await placeCase(t, lender)];
      const ok = await placeCase(t, lender, { borrower: { region: 'US-OK' } });
      const l = await publish([...tx, ok], { split: { kind: 'by_region' } });
      const listing = (await t.http.get(`/v1/listings/${l.id}`).set(lender.auth)).body;
      expect(listing.lots).toEqual([
        { key: 'US-OK', case_count: 1, regions: ['US-OK'], total_balance: { amount: 1_000_000, currency: 'USD' } },
        { key: 'US-TX', case_count: 3, regions: ['US-TX'], total_balance: { amount: 3_000_000, currency: 'USD' } },
      ]);
      expect((await t.http.get(`/v1/listings/${l.id}`).set(texasOnly.auth)).body.eligible_lots).toEqual(['US-TX']);
      await bid(texasOnly, l.id, aBid(2500));
      const b = await bid(both, l.id, aBid(1500));
      // `both` ranks first but has one free slot: it takes the larger lot (US-TX); US-OK has no other eligible bidder.
      const award = await t.http.post(`/v1/listings/${l.id}/award`).set(lender.auth).send({ auto: true });
      expect(award.status).toBe(200);
      expect(award.body.allocation).toEqual([expect.objectContaining({ lot_key: 'US-TX', role: 'champion', bid_id: b.id, case_ids: [...tx].sort() })]);
      expect(award.body.unallocated_lot_keys).toEqual(['US-OK']);
      for (const id of tx) expect(await caseRow(id)).toEqual({ status: 'assigned', assigned_org_id: both.orgId });
      expect(await caseRow(ok)).toEqual({ status: 'new', assigned_org_id: null });
    });

    it('shares a lot between champion and challenger (80/20)', async () => {
      const p1 = await aPartner(t, admin);
      const p2 = await aPartner(t, admin);
      const cases = [];
      for (let i = 0; i < 5; i++) cases.push(await placeCase(t, lender, { principal: 100_000 * (i + 1) }));
      const l = await publish(cases, { challenger_share_bps: 2000 });
      const b1 = await bid(p1, l.id, aBid(1500));
      const b2 = await bid(p2, l.id, aBid(2500));
      const award = (await t.http.post(`/v1/listings/${l.id}/award`).set(lender.auth).send({ auto: true })).body;
      expect(award.allocation.map((a: { role: string; bid_id: string; case_ids: string[] }) => [a.role, a.bid_id, a.case_ids.length])).toEqual([
        ['champion', b1.id, 4],
        ['challenger', b2.id, 1],
      ]);
      expect(await count(t, 'SELECT count(*) AS n FROM jobs WHERE listing_id = $1', [l.id])).toBe(2);
    });
  });

  describe('manual award', () => {
    it('awards the bid the lender picks: listing awarded, job with frozen terms, cases assigned, events for winner and losers', async () => {
      const winner = await aPartner(t, admin);
      const loser = await aPartner(t, admin);
      const c = await placeCase(t, lender);
      const l = await publish([c]);
      await bid(loser, l.id, aBid(1000));
      const w = await bid(winner, l.id, aBid(2900, { first_action_hours: 8, completion_days: 20 }));
      const res = await t.http.post(`/v1/listings/${l.id}/award`).set(lender.auth).send({ selections: [{ bid_id: w.id }] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ mode: 'manual', jobs: [{ partner_org_id: winner.orgId, status: 'offered', case_ids: [c] }] });
      // The frozen terms are one document (issue 9 §4); read its parts under their API names.
      const [job] = await t.db.query(
        `SELECT *, frozen_terms->'fee_schedule' AS fee_schedule, frozen_terms->'bid_terms' AS terms, frozen_terms->'effective_schedule' AS effective_fee_schedule FROM jobs WHERE listing_id = $1`,
        [l.id],
      );
      expect(job).toMatchObject({
        partner_org_id: winner.orgId,
        bid_id: w.id,
        fee_schedule: { schema_version: 1, currency: 'USD', contingency_bps: 2500, min_fee: { amount: 1000, currency: 'USD' } },
        terms: { contingency_bps: 2900, sla: { first_action_hours: 8, completion_days: 20 } },
        effective_fee_schedule: { contingency_bps: 2900, min_fee: { amount: 1000, currency: 'USD' } },
      });
      expect(await caseRow(c)).toEqual({ status: 'assigned', assigned_org_id: winner.orgId });
      const events = await t.db.query(`SELECT type, org_ids FROM outbox_events WHERE aggregate_id IN ($1, $2) OR (type = 'bid.lost' AND payload->>'listing_id' = $1) ORDER BY type`, [l.id, job.id]);
      expect(events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['bid.lost', 'job.offered', 'listing.awarded', 'listing.published']));
      expect(events.find((e: { type: string }) => e.type === 'bid.lost').org_ids).toEqual([loser.orgId]);
      expect((await t.db.query('SELECT status FROM bids WHERE listing_id = $1 ORDER BY status', [l.id])).map((r: { status: string }) => r.status)).toEqual(['lost', 'won']);
      // A fee schedule version used by a listing is never changed: an edit is a new version.
      await expect(t.db.query(`UPDATE fee_schedules SET name = 'x' WHERE id = $1`, [schedule])).rejects.toThrow(/immutable/);
    });

    it.each<[string, (listingId: string, bidId: string) => Record<string, unknown>, number, string]>([
      ['an unknown bid', () => ({ selections: [{ bid_id: '00000000-0000-4000-8000-000000000000' }] }), 422, 'award.invalid_selection'],
      ['an unknown lot', (_l, b) => ({ selections: [{ lot_key: 'nope', bid_id: b }] }), 422, 'award.invalid_selection'],
      ['both auto and selections', (_l, b) => ({ auto: true, selections: [{ bid_id: b }] }), 400, 'validation.failed'],
      ['neither', () => ({}), 400, 'validation.failed'],
    ])('refuses %s and writes nothing', async (_name, body, status, code) => {
      const p = await aPartner(t, admin);
      const c = await placeCase(t, lender);
      const l = await publish([c]);
      const b = await bid(p, l.id, aBid(2000));
      expectProblem(await t.http.post(`/v1/listings/${l.id}/award`).set(lender.auth).send(body(l.id, b.id)), status, code);
      expect((await t.db.query('SELECT status FROM listings WHERE id = $1', [l.id]))[0].status).toBe('open');
      expect(await count(t, 'SELECT count(*) AS n FROM jobs WHERE listing_id = $1', [l.id])).toBe(0);
      expect(await count(t, 'SELECT count(*) AS n FROM awards WHERE listing_id = $1', [l.id])).toBe(0);
      expect(await caseRow(c)).toEqual({ status: 'listed', assigned_org_id: null });
    });

    it('404s another lender, 403s a partner, 422s an award with no eligible bid', async () => {
      const p = await aPartner(t, admin);
      const l = await publish([await placeCase(t, lender)]);
      const other = await aLender(t).build();
      expectProblem(await t.http.post(`/v1/listings/${l.id}/award`).set(other.auth).send({ auto: true }), 404, 'listing.not_found');
      expectProblem(await t.http.post(`/v1/listings/${l.id}/award`).set(p.auth).send({ auto: true }), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post(`/v1/listings/${l.id}/award`).set(lender.auth).send({ auto: true }), 422, 'award.no_eligible_bid');
      expect(await count(t, 'SELECT count(*) AS n FROM awards WHERE listing_id = $1', [l.id])).toBe(0);
    });
  });

  describe('race', () => {
    it('awards exactly once when 20 award requests arrive together', async () => {
      const p1 = await aPartner(t, admin);
      const p2 = await aPartner(t, admin);
      const cases = [await placeCase(t, lender), await placeCase(t, lender)];
      const l = await publish(cases);
      await bid(p1, l.id, aBid(2000));
      await bid(p2, l.id, aBid(2100));
      const answers = await Promise.all(Array.from({ length: 20 }, () => t.http.post(`/v1/listings/${l.id}/award`).set(lender.auth).send({ auto: true })));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 200)) {
        const body = expectProblem(a, 409, 'listing.illegal_transition');
        expect(body).toMatchObject({ current: 'awarded', requested: 'awarded' });
      }
      expect(await count(t, 'SELECT count(*) AS n FROM awards WHERE listing_id = $1', [l.id])).toBe(1);
      expect(await count(t, 'SELECT count(*) AS n FROM jobs WHERE listing_id = $1', [l.id])).toBe(1);
      expect(await count(t, `SELECT count(*) AS n FROM outbox_events WHERE type = 'listing.awarded' AND aggregate_id = $1`, [l.id])).toBe(1);
      expect(await count(t, `SELECT count(*) AS n FROM outbox_events WHERE type = 'case.status_changed' AND payload->>'to' = 'assigned' AND aggregate_id = ANY($1)`, [cases])).toBe(2);
    });
  });

  describe('deadline', () => {
    it('awards automatically when the award-deadline job fires on the real queue', async () => {
      const p = await aPartner(t, admin);
      const c = await placeCase(t, lender);
      const l = await publish([c], { deadline: new Date(Date.now() + 1500).toISOString() });
      const queue = t.app.get(QueueService).queue(AWARD_DEADLINE.queue);
      expect((await queue.getJob(AWARD_DEADLINE.idOf({ listingId: l.id })))?.data).toEqual({ listingId: l.id });
      await bid(p, l.id, aBid(2000));
      const until = Date.now() + 10_000;
      let status = 'open';
      while (status === 'open' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        status = (await t.db.query('SELECT status FROM listings WHERE id = $1', [l.id]))[0].status;
      }
      expect(status).toBe('awarded');
      expect((await t.db.query('SELECT mode FROM awards WHERE listing_id = $1', [l.id]))[0].mode).toBe('deadline');
      expect(await caseRow(c)).toEqual({ status: 'assigned', assigned_org_id: p.orgId });
    });

    it('expires a listing without bids at its deadline, gives the cases back and tells the lender', async () => {
      const c = await placeCase(t, lender);
      const deadline = new Date(Date.now() + 600_000);
      const l = await publish([c], { deadline: deadline.toISOString() });
      const handler = t.app.get(AwardDeadlineJob);
      expect(await handler.handle({ listingId: l.id })).toEqual({ outcome: 'skipped' });
      t.clock.set(new Date(deadline.getTime() + 1000));
      try {
        expect(await handler.handle({ listingId: l.id })).toEqual({ outcome: 'expired' });
        expect(await handler.handle({ listingId: l.id })).toEqual({ outcome: 'skipped' });
      } finally {
        t.clock.reset();
      }
      expect((await t.db.query('SELECT status FROM listings WHERE id = $1', [l.id]))[0].status).toBe('expired');
      expect(await caseRow(c)).toEqual({ status: 'new', assigned_org_id: null });
      const [event] = await t.db.query(`SELECT org_ids, payload FROM outbox_events WHERE type = 'listing.expired' AND aggregate_id = $1`, [l.id]);
      expect(event).toMatchObject({ org_ids: [lender.orgId], payload: { reason: 'no bids' } });
    });
    it('decides a listing whose deadline timer was lost (Redis down at publish) from the minute sweep', async () => {
      const c = await placeCase(t, lender);
      const deadline = new Date(Date.now() + 600_000);
      const l = await publish([c], { deadline: deadline.toISOString() });
      const deadlines = t.app.get(Deadlines);
      await deadlines.cancel(AWARD_DEADLINE, { listingId: l.id });
      expect(await deadlines.sweep(AWARD_DEADLINE)).toEqual({ swept: 0 });
      t.clock.set(new Date(deadline.getTime() + 1000));
      try {
        expect(await deadlines.sweep(AWARD_DEADLINE)).toEqual({ swept: 1 });
        expect(await deadlines.sweep(AWARD_DEADLINE)).toEqual({ swept: 0 });
      } finally {
        t.clock.reset();
      }
      expect((await t.db.query('SELECT status FROM listings WHERE id = $1', [l.id]))[0].status).toBe('expired');
    });
  });

  describe('repossession', () => {
    it('orders the repossession on award: the vehicle moves financed → repo_ordered with the job', async () => {
      const tow = await aPartner(t, admin, { kind: 'tow_operator', capabilities: ['repossession'] });
      const c = await placeCase(t, lender);
      const vehicle = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '1HGCM82633A004352', case_id: c, plate: 'REPO1', plate_region: 'US-TX', make: 'Honda', model: 'Accord', year: 2003 });
      expect(vehicle.body.status).toBe('financed');
      const repoSchedule = await aFeeSchedule(t, lender, { currency: 'USD', flat_fees: { repossession: { amount: 45_000, currency: 'USD' } } });
      const res = await t.http
        .post('/v1/listings')
        .set(lender.auth)
        .send({ kind: 'repossession', vehicle_id: vehicle.body.id, bidding_mode: 'direct', direct_partner_id: tow.orgId, fee_schedule_id: repoSchedule, bounds: { max_flat_fee: { amount: 45_000, currency: 'USD' } } });
      expect(res.status).toBe(201);
      expect((await t.http.get(`/v1/listings/${res.body.id}`).set(lender.auth)).body.status).toBe('awarded');
      expect((await t.http.get(`/v1/vehicles/${vehicle.body.id}`).set(lender.auth)).body.status).toBe('repo_ordered');
      const [job] = await t.db.query('SELECT partner_org_id, vehicle_id FROM jobs WHERE listing_id = $1', [res.body.id]);
      expect(job).toEqual({ partner_org_id: tow.orgId, vehicle_id: vehicle.body.id });
      expect(await count(t, `SELECT count(*) AS n FROM outbox_events WHERE type = 'vehicle.status_changed' AND aggregate_id = $1 AND payload->>'to' = 'repo_ordered'`, [vehicle.body.id])).toBe(1);
    });
  });

  describe('offers without bidding', () => {
    it('auto_assign offers the job at once to the best eligible partner', async () => {
      const weaker = await aPartner(t, admin, { regions: ['US-WY'] });
      const stronger = await aPartner(t, admin, { regions: ['US-WY'] });
      await stats(stronger.orgId, 'collection', [40, 50, 0, 20, 20, 20]);
      await stats(weaker.orgId, 'collection', [5, 50, 5, 20, 5, 20]);
      const c = await placeCase(t, lender, { borrower: { region: 'US-WY', timezone: 'America/Denver' } });
      const l = await publish([c], { bidding_mode: 'auto_assign', deadline: undefined });
      const listing = (await t.http.get(`/v1/listings/${l.id}`).set(lender.auth)).body;
      expect(listing.status).toBe('awarded');
      const [job] = await t.db.query(`SELECT partner_org_id, frozen_terms->'bid_terms' AS terms, bid_id FROM jobs WHERE listing_id = $1`, [l.id]);
      expect(job).toEqual({ partner_org_id: stronger.orgId, bid_id: null, terms: { contingency_bps: 3000, sla: { first_action_hours: 24, completion_days: 30 } } });
      expect(await caseRow(c)).toEqual({ status: 'assigned', assigned_org_id: stronger.orgId });
    });

    it('direct offers the named partner, and refuses one that may not serve (422, nothing written)', async () => {
      const named = await aPartner(t, admin);
      const elsewhere = await aPartner(t, admin, { regions: ['US-NV'] });
      const c = await placeCase(t, lender);
      const l = await publish([c], { bidding_mode: 'direct', direct_partner_id: named.orgId, deadline: undefined });
      expect((await t.db.query('SELECT partner_org_id FROM jobs WHERE listing_id = $1', [l.id]))[0].partner_org_id).toBe(named.orgId);
      const c2 = await placeCase(t, lender);
      const body = expectProblem(
        await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [c2], { bidding_mode: 'direct', direct_partner_id: elsewhere.orgId, deadline: undefined })),
        422,
        'listing.partner_not_eligible',
      );
      expect((body.reasons as { code: string }[]).map((r) => r.code)).toContain('partner.region_not_covered');
      expect(await caseRow(c2)).toEqual({ status: 'new', assigned_org_id: null });
    });
  });
});
