import { parse } from 'csv-parse/sync';
import { PortfolioAuctionLots1764330000000 } from '../../migrations/1764330000000-portfolio-auction-lots';
import { PortfolioSurplusPaidDeficiencyPlaced1764330100000 } from '../../migrations/1764330100000-portfolio-surplus-paid-deficiency-placed';
import { AuctionsService } from '../../src/auctions/auctions.service';
import { invoiceDueAt } from '../../src/auctions/domain/second-chance';
import { InvoiceDefaultsService } from '../../src/auctions/invoice-defaults.service';
import { aVehicleStoredByTow } from '../support/auction-sales';
import { aLiveLot, aLotBody, aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { eventually } from '../support/eventually';
import { aBuyer, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aCaseRow, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { confirmPayment } from '../support/payments';
import { anAcceptedRepossession } from '../support/repossession-job';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const at = (day: string) => new Date(`${day}T15:00:00.000Z`);
/** A currency's auction results with two lots closed, one of them sold and paid at `proceeds`. */
const oneOfTwoSold = (proceeds: number, rest: { proceeds_vs_valuation: unknown; days_in_storage: unknown }) => ({
  currency: 'USD',
  lots_closed: 2,
  sold: 1,
  paid: 1,
  no_sale_rate: { numerator: 1, denominator: 2, rate: 0.5 },
  proceeds,
  ...rest,
});

describe('analytics: the lender portfolio from real flows (issue 17)', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let other: OrgSession;
  let partner: OrgSession;
  let commission: number;
  let hammer: number;
  let settled: { id: string; outcome: string; proceeds: number; surplus: number; deficiency: number };
  const portfolio = (who: OrgSession, query = '') => t.http.get(`/v1/analytics/portfolio${query}`).set(who.auth);
  const written = () =>
    count(t, `SELECT (SELECT count(*) FROM analytics_portfolio_cases) + (SELECT count(*) FROM analytics_portfolio_rolls) + (SELECT count(*) FROM analytics_portfolio_placements) AS n`);
  const PERSONAL = '?product=personal_loan&from=2026-06-01&to=2026-09-30';
  const settlementOf = async (lotId: string) =>
    (await t.db.query('SELECT id, outcome, hammer_price::int AS proceeds, surplus::int AS surplus, deficiency::int AS deficiency FROM settlements WHERE lot_id = $1', [lotId]))[0];

  /**
   * The hand-built world, in 2026: personal loans A (first missed 1 June) and B (first missed 1 May),
   * both placed on 10 June; A on a collection job paying 5 000 on 25 June; B resolved on 15 August.
   * A credit-card case placed in bulk on 12 June. A voluntary repossession; a lot of its vehicle closed
   * unsold on 5 September. A second repossession stored in the tow operator's yard on 10 September
   * (valued at 9 000.00): its lot closes below the reserve on 1 October, the lender accepts the high
   * bid (6 100.00), the buyer pays by bank transfer (the sale settles), and picks it up on 5 October.
   */
  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    other = await aLender(t).build();
    partner = await aPartner(t, admin, { capacity: 100 });
    const schedule = await aFeeSchedule(t, lender);
    t.clock.set(at('2026-06-10'));
    const a = await placeCase(t, lender, { product: 'personal_loan', first_missed_due_date: '2026-06-01', principal: 100_000 });
    const b = await placeCase(t, lender, { product: 'personal_loan', first_missed_due_date: '2026-05-01', principal: 50_000 });
    // Offered directly (a sealed listing's deadline is counted from the wall clock, not the test's).
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [a], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined }));
    expect(listing.status).toBe(201);
    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [listing.body.id]);
    expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(partner.auth)).status).toBe(200);
    t.clock.set(at('2026-06-12'));
    expect((await t.http.post('/v1/cases/bulk').set(lender.auth).send([aCaseRow({ product: 'credit_card', first_missed_due_date: '2026-03-01', principal: 20_000 })])).status).toBeLessThan(300);
    t.clock.set(at('2026-06-25'));
    const paid = await confirmPayment(t, lender, a, 5_000);
    expect(paid.status).toBe(201);
    // What the lender owes the agency for it at the job's frozen terms, as the payment recorded it.
    commission = (await t.db.query(`SELECT payload FROM outbox_events WHERE type = 'payment.received' AND payload->>'case_id' = $1`, [a]))[0].payload.commission.amount;
    t.clock.set(at('2026-08-15'));
    expect((await t.http.post(`/v1/cases/${b}/status`).set(lender.auth).send({ status: 'resolved', reason: 'paid at the branch' })).status).toBe(200);
    t.clock.set(at('2026-09-02'));
    const repo = await anAcceptedRepossession(t, admin, lender);
    expect((await t.http.post(`/v1/jobs/${repo.jobId}/events`).set(repo.tow.auth).send({ type: 'vehicle_recovered', mode: 'voluntary', odometer: 40_100 })).status).toBe(201);
    expect((await t.http.post(`/v1/jobs/${repo.jobId}/events`).set(repo.tow.auth).send({ type: 'vehicle_stored', yard_id: '00000000-0000-4000-8000-000000000002' })).status).toBe(201);
    const opens = at('2026-09-05');
    t.clock.set(opens);
    // The repossessed vehicle goes to auction (its notice sent 20 days before), so no case is placed for the lot.
    const lot = await aLiveLot(t, lender, { starts_at: new Date(opens.getTime() - 1_000).toISOString(), ends_at: new Date(opens.getTime() + 3_600_000).toISOString() }, { vehicleId: repo.vehicleId });
    t.clock.set(new Date(opens.getTime() + 2 * 3_600_000));
    expect(await t.app.get(AuctionsService).close(lot)).toEqual({ outcome: 'no_sale' });
    t.clock.set(at('2026-09-10'));
    const stored = await aVehicleStoredByTow(t, admin, lender, new Date(at('2026-09-10').getTime() - 60_000));
    expect((await t.http.patch(`/v1/vehicles/${stored.vehicleId}`).set(lender.auth).send({ valuation: { amount: 900_000, currency: 'USD', source: 'kbb', date: '2026-09-10' } })).status).toBe(200);
    const [low, high] = [await aVerifiedBuyer(t, admin), await aVerifiedBuyer(t, admin)];
    const starts = at('2026-10-01');
    t.clock.set(starts);
    const listed = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(stored.vehicleId, { reserve_price: { amount: 1_000_000, currency: 'USD' }, starts_at: new Date(starts.getTime() - 1_000).toISOString(), ends_at: new Date(starts.getTime() + 3_600_000).toISOString() }));
    expect(listed.status).toBe(201);
    expect((await t.http.post(`/v1/auctions/${listed.body.id}/schedule`).set(lender.auth)).status).toBe(200);
    await t.app.get(AuctionsService).open(listed.body.id);
    for (const [buyer, max] of [[low, 600_000], [high, 800_000]] as const) expect((await t.http.post(`/v1/auctions/${listed.body.id}/bids`).set(buyer.auth).send({ max_amount: { amount: max, currency: 'USD' } })).status).toBe(201);
    t.clock.set(new Date(starts.getTime() + 2 * 3_600_000));
    expect(await t.app.get(AuctionsService).close(listed.body.id)).toEqual({ outcome: 'no_sale' });
    const accepted = await t.http.post(`/v1/auctions/${listed.body.id}/accept-high-bid`).set(lender.auth);
    expect(accepted.status).toBe(200);
    hammer = accepted.body.lot.hammer_price.amount;
    const invoice = accepted.body.invoice;
    expect((await t.http.post(`/v1/invoices/${invoice.id}/confirm-transfer`).set(admin.auth).send({ reference: 'WIRE-2026-10-02', amount: invoice.balance_due })).status).toBe(200);
    settled = await settlementOf(listed.body.id);
    const release = (await t.http.get(`/v1/invoices/${invoice.id}`).set(high.auth)).body.release;
    t.clock.set(at('2026-10-05'));
    expect((await t.http.post(`/v1/releases/${release.id}/pick-up`).set(stored.tow.auth).send({ release_code: release.release_code })).status).toBe(200);
    // The lender places the deficiency the sale left for collection.
    expect((await t.http.post(`/v1/settlements/${settled.id}/place-deficiency`).set(lender.auth).send({})).status).toBe(200);
    t.clock.set(at('2026-11-15'));
    let seen: unknown = null;
    await eventually(
      async () => {
        const res = await portfolio(lender, '?from=2026-01-01&to=2026-12-31');
        seen = res.body;
        const placed = (res.body.placements ?? []).reduce((n: number, p: { cases: number }) => n + p.cases, 0);
        return placed === 5 && res.body.repossessions?.recoveries === 2 && res.body.auctions?.[0]?.days_in_storage?.denominator === 1 && res.body.settlements?.[0]?.deficiency.placed.count === 1 && res.body.cost_to_collect?.length === 3 && res;
      },
      60_000,
      'portfolio current',
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(seen)}`);
    });
  }, 240_000);
  afterAll(async () => {
    t.clock.reset();
    await t.close();
  });

  it('answers placements by bucket and stage, the recovery curve and the roll rates, each with its numerator and denominator', async () => {
    const res = await portfolio(lender, PERSONAL);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lender_org_id: lender.orgId, product: 'personal_loan', region: null, from: '2026-06-01', to: '2026-09-30' });
    // A: 9 days past due at placement (M1), B: 40 (M2); both early.
    expect(res.body.placements).toEqual([
      { bucket: 'M1', stage: 'early', currency: 'USD', cases: 1, amount: 100_000, share: { numerator: 1, denominator: 2, rate: 0.5 } },
      { bucket: 'M2', stage: 'early', currency: 'USD', cases: 1, amount: 50_000, share: { numerator: 1, denominator: 2, rate: 0.5 } },
    ]);
    // On 15 November June's placements have had 138 days: points at 30, 60, 90 and 120 days, all with A's 5 000.
    expect(res.body.recovery_curve).toEqual([
      {
        currency: 'USD',
        points: [30, 60, 90, 120].map((days) => ({ days, numerator: 5_000, denominator: 150_000, rate: 0.0333 })),
      },
    ]);
    // A: M1 at the end of June, M2 of July (60 days), M4+ of August; B: M2 in June, M4+ in July, resolved in August.
    expect(res.body.roll_rates).toEqual([
      { month: '2026-07-01', from: 'M1', to: 'M2', numerator: 1, denominator: 1, rate: 1 },
      { month: '2026-07-01', from: 'M2', to: 'M4+', numerator: 1, denominator: 1, rate: 1 },
      { month: '2026-08-01', from: 'M2', to: 'M4+', numerator: 1, denominator: 1, rate: 1 },
      { month: '2026-08-01', from: 'M4+', to: 'closed', numerator: 1, denominator: 1, rate: 1 },
      { month: '2026-09-01', from: 'M4+', to: 'M4+', numerator: 1, denominator: 1, rate: 1 },
    ]);
    expect(res.body.cost_to_collect).toEqual([
      { partner_org_id: partner.orgId, kind: 'collection', currency: 'USD', fees: commission, recovered: 5_000, cost_to_collect: { numerator: commission, denominator: 5_000, rate: commission / 5_000 } },
    ]);
    // The bulk placement counts too: its own product.
    expect((await portfolio(lender, '?product=credit_card&from=2026-06-01&to=2026-06-30')).body.placements).toEqual([
      { bucket: 'M4+', stage: 'late', currency: 'USD', cases: 1, amount: 20_000, share: { numerator: 1, denominator: 1, rate: 1 } },
    ]);
  });

  it('answers repossession outcomes, auction results at each lot’s last decision, and settlements', async () => {
    const res = await portfolio(lender, '?from=2026-01-01&to=2026-12-31');
    // A voluntary surrender and an involuntary recovery reported before its job was accepted (0 days).
    expect(res.body.repossessions).toEqual({ recoveries: 2, voluntary_share: { numerator: 1, denominator: 2, rate: 0.5 }, days_order_to_recovery: { numerator: 0, denominator: 2, mean: 0 } });
    // The high bidder's price: 6 000.00 + one 100.00 increment.
    expect(hammer).toBe(610_000);
    // The unsold lot names its case's currency. Stored at 14:59 on 10 September, picked up at 15:00 on
    // 5 October: 26 started days, as the yard itemised them.
    expect(res.body.auctions).toEqual([
      oneOfTwoSold(610_000, { proceeds_vs_valuation: { numerator: 610_000, denominator: 900_000, rate: 0.6778 }, days_in_storage: { numerator: 26, denominator: 1, mean: 26 } }),
    ]);
    expect(Number((await t.db.query(`SELECT storage_days FROM auction_releases r JOIN auction_lots l ON l.id = r.lot_id WHERE l.hammer_price = 610000 AND l.org_id = $1`, [lender.orgId]))[0].storage_days)).toBe(26);
    // By the month each lot closed: September's closed unsold, October's sold.
    expect((await portfolio(lender, '?from=2026-09-01&to=2026-09-30')).body.auctions).toEqual([expect.objectContaining({ lots_closed: 1, sold: 0, paid: 0, proceeds: 0, no_sale_rate: { numerator: 1, denominator: 1, rate: 1 } })]);
    expect((await portfolio(lender, '?from=2026-10-01&to=2026-10-31')).body.auctions).toEqual([expect.objectContaining({ lots_closed: 1, sold: 1, paid: 1, proceeds: 610_000, no_sale_rate: { numerator: 0, denominator: 1, rate: 0 } })]);
    // The sale settled as the settlement module recorded it (UCC §9-615): 6 100.00 against a 10 000.00 debt and the expenses.
    expect(settled).toMatchObject({ outcome: 'deficiency', proceeds: 610_000, surplus: 0 });
    expect(res.body.settlements).toEqual([
      {
        currency: 'USD',
        settlements: 1,
        proceeds: 610_000,
        surplus: { amount: 0, count: 0, paid: { amount: 0, count: 0 } },
        deficiency: { amount: settled.deficiency, count: 1, placed: { amount: settled.deficiency, count: 1 } },
      },
    ]);
    // The first repossession's frozen fee with nothing recovered yet; the second's against its sale's proceeds.
    const repossessions = res.body.cost_to_collect.filter((c: { kind: string }) => c.kind === 'repossession');
    expect(repossessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fees: 45_000, recovered: 0, cost_to_collect: { numerator: 45_000, denominator: 0, rate: null } }),
        expect.objectContaining({ fees: 45_000, recovered: 610_000, cost_to_collect: { numerator: 45_000, denominator: 610_000, rate: 0.0738 } }),
      ]),
    );
    expect(repossessions).toHaveLength(2);
  });

  it('answers auction results and settlements as CSV lines with the JSON’s figures', async () => {
    const json = (await portfolio(lender, '?from=2026-01-01&to=2026-12-31')).body;
    const rows = parse((await portfolio(lender, '?from=2026-01-01&to=2026-12-31&format=csv')).text, { columns: true }) as Record<string, string>[];
    const line = (figure: string) => rows.find((r) => r.figure === figure && r.currency === 'USD');
    const [a] = json.auctions;
    expect(line('lots_closed')).toMatchObject({ value: String(a.lots_closed) });
    expect(line('lots_paid')).toMatchObject({ value: String(a.paid) });
    expect(line('no_sale_rate')).toMatchObject({ numerator: String(a.no_sale_rate.numerator), denominator: String(a.no_sale_rate.denominator), value: String(a.no_sale_rate.rate) });
    expect(line('proceeds_vs_valuation')).toMatchObject({ numerator: '610000', denominator: '900000', value: '0.6778' });
    expect(line('days_in_storage')).toMatchObject({ numerator: '26', denominator: '1', value: '26' });
    expect(line('surplus')).toMatchObject({ value: String(json.settlements[0].surplus.amount) });
    expect(line('deficiency')).toMatchObject({ value: String(json.settlements[0].deficiency.amount) });
    expect(line('deficiency_placed_count')).toMatchObject({ value: '1' });
  });

  it('the migrations rebuild the lots closed and the deficiencies placed before them from the auctions’ and settlements’ records: the same figures', async () => {
    const year = '?from=2026-01-01&to=2026-12-31';
    const figures = async () => {
      const { auctions, settlements } = (await portfolio(lender, year)).body;
      return { auctions, settlements };
    };
    const before = await figures();
    const runner = t.db.createQueryRunner();
    try {
      const [lots, settled] = [new PortfolioAuctionLots1764330000000(), new PortfolioSurplusPaidDeficiencyPlaced1764330100000()];
      await settled.down(runner);
      await lots.down(runner);
      // Counted by the old rule (the close alone), as a database before the migrations has them.
      await runner.query(`UPDATE analytics_portfolio_auctions SET sold = 0, no_sale = lots_closed, proceeds = 0 WHERE lender_org_id = $1`, [lender.orgId]);
      await lots.up(runner);
      await settled.up(runner);
    } finally {
      await runner.release();
    }
    expect(before.auctions).toHaveLength(1);
    expect(before.settlements[0].deficiency.placed.count).toBe(1);
    expect(await figures()).toEqual(before);
    expect(await count(t, `SELECT count(*) AS n FROM analytics_portfolio_lots WHERE lender_org_id = $1`, [lender.orgId])).toBe(2);
  });

  it('answers the same figures as CSV', async () => {
    const json = (await portfolio(lender, PERSONAL)).body;
    const csv = await portfolio(lender, `${PERSONAL}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    const line = (figure: string, key: string, month = '') => rows.find((r) => r.figure === figure && r.key === key && r.month === month);
    for (const r of json.roll_rates) expect(line('roll_rate', `${r.from}>${r.to}`, r.month)).toMatchObject({ numerator: String(r.numerator), denominator: String(r.denominator), value: String(r.rate) });
    for (const p of json.placements) expect(line('placements', `${p.bucket}/${p.stage}`)).toMatchObject({ currency: 'USD', numerator: String(p.cases), denominator: String(p.share.denominator), value: String(p.share.rate) });
    for (const pt of json.recovery_curve[0].points) expect(line('recovery_curve', `${pt.days}d`)).toMatchObject({ numerator: String(pt.numerator), denominator: String(pt.denominator), value: String(pt.rate) });
    expect(rows.filter((r) => r.figure === 'roll_rate')).toHaveLength(json.roll_rates.length);
  });

  it('draws the recovery curve and the roll-rate heat map as accessible SVG, from the same figures', async () => {
    const curve = await portfolio(lender, `${PERSONAL}&format=svg&chart=recovery_curve`);
    expect(curve.status).toBe(200);
    expect(curve.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = curve.text || String(curve.body);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="chart-title">Recovery curve</title>');
    for (const days of [30, 60, 90, 120]) expect(svg).toContain(`<title>USD: ${days} days: 3.33 % (5000 of 150000)</title>`);
    const heat = await portfolio(lender, `${PERSONAL}&format=svg&chart=roll_rates`);
    const map = heat.text || String(heat.body);
    expect(map).toContain('<title id="chart-title">Roll rates, 2026-09</title>');
    expect(map).toContain('<title>M4+ → M4+: 100 % (1 of 1)</title>');
    expectProblem(await portfolio(lender, `${PERSONAL}&format=svg`), 422, 'analytics.chart_required');
    expectProblem(await portfolio(lender, `${PERSONAL}&format=svg&chart=pie`), 400, 'validation.failed');
  });

  it('a lender sees only its own; platform staff all or one; partners and buyers 403; bad filters refused; nothing written', async () => {
    const mine = (await portfolio(lender, PERSONAL)).body;
    const theirs = await portfolio(other, PERSONAL);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toMatchObject({ lender_org_id: other.orgId, placements: [], roll_rates: [], cost_to_collect: [], recovery_curve: [] });
    expect((await portfolio(admin, `${PERSONAL}&lender_org_id=${lender.orgId}`)).body).toEqual({ ...mine, as_of: expect.any(String) });
    const all = (await portfolio(admin, PERSONAL)).body;
    expect(all.lender_org_id).toBeNull();
    expect(all.placements.reduce((n: number, p: { cases: number }) => n + p.cases, 0)).toBeGreaterThanOrEqual(2);

    const before = await written();
    expectProblem(await portfolio(other, `${PERSONAL}&lender_org_id=${lender.orgId}`), 404, 'lender.not_found');
    expectProblem(await portfolio(partner), 403, 'auth.wrong_org_kind');
    expectProblem(await portfolio(await aBuyer(t).build()), 403, 'auth.wrong_org_kind');
    expectProblem(await portfolio(lender, '?from=2026-13-01'), 400, 'validation.failed');
    expectProblem(await portfolio(lender, '?product=mortgage'), 400, 'validation.failed');
    expectProblem(await portfolio(lender, '?region=texas'), 400, 'validation.failed');
    expectProblem(await portfolio(lender, '?format=xml'), 400, 'validation.failed');
    expectProblem(await portfolio(lender, '?lender_org_id=nope'), 400, 'validation.failed');
    expectProblem(await portfolio(lender, '?from=2026-05-01&to=2026-04-01'), 422, 'analytics.bad_period');
    expect((await t.http.get('/v1/analytics/portfolio')).status).toBe(401);
    expect(await written()).toBe(before);
  });

  it('a winner who does not pay: the second-chance sale counts at its own price; a lot nobody else bid on goes back to the lender unsold', async () => {
    t.clock.reset();
    const seller = await aLender(t).build();
    const [a, b] = [await aVerifiedBuyer(t, admin), await aVerifiedBuyer(t, admin)];
    const bid = (lotId: string, who: OrgSession, max: number) => t.http.post(`/v1/auctions/${lotId}/bids`).set(who.auth).send({ max_amount: { amount: max, currency: 'USD' } });
    const openInvoice = async (lotId: string) => (await t.db.query(`SELECT id, due_on::text AS due_on, balance_due::int AS balance_due FROM auction_invoices WHERE lot_id = $1 AND status = 'open'`, [lotId]))[0];
    // A 500.00 debt: the sale leaves a surplus, which the lender pays the borrower.
    const resold = await aLiveLot(t, seller, {}, { vehicleId: await aVehicleInStorage(t, seller, {}, { notice: false, caseRow: { principal: 50_000 } }) });
    const unsold = await aLiveLot(t, seller);
    for (const [who, max] of [[a, 120_000], [b, 150_000]] as const) expect((await bid(resold, who, max)).status).toBe(201);
    expect((await bid(unsold, a, 80_000)).status).toBe(201);
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    for (const lot of [resold, unsold]) expect(await t.app.get(AuctionsService).close(lot)).toEqual({ outcome: 'sold' });
    const [month] = (await t.db.query(`SELECT to_char(closed_at, 'YYYY-MM-DD') AS day FROM auction_lots WHERE id = $1`, [resold])) as { day: string }[];
    // B won at 125 000 and A 80 000 (A's bid alone: the start price 50 000); neither pays by the due day.
    for (const lot of [resold, unsold]) {
      const invoice = await openInvoice(lot);
      t.clock.set(invoiceDueAt(invoice.due_on));
      await t.app.get(InvoiceDefaultsService).default(invoice.id);
    }
    const [offer] = await t.db.query(`SELECT id FROM auction_second_chance_offers WHERE lot_id = $1 AND buyer_org_id = $2`, [resold, a.orgId]);
    expect((await t.http.post(`/v1/second-chance-offers/${offer.id}/accept`).set(a.auth).send({})).status).toBe(200);
    const invoice = await openInvoice(resold);
    expect((await t.http.post(`/v1/invoices/${invoice.id}/confirm-transfer`).set(admin.auth).send({ reference: 'WIRE-SECOND-CHANCE', amount: { amount: invoice.balance_due, currency: 'USD' } })).status).toBe(200);
    expect((await t.db.query('SELECT status FROM auction_lots WHERE id = ANY($1) ORDER BY status', [[resold, unsold]])).map((r: { status: string }) => r.status)).toEqual(['paid', 'returned_to_lender']);
    const sale = await settlementOf(resold);
    expect(sale).toMatchObject({ outcome: 'surplus', proceeds: 120_000 });
    expect((await t.http.post(`/v1/settlements/${sale.id}/surplus-payment`).set(seller.auth).send({ via: 'lender', reference: 'CHQ-0071' })).status).toBe(200);

    const query = `?from=${month!.day}&to=${month!.day}`;
    const res = await eventually(
      async () => {
        const r = await portfolio(seller, query);
        return r.body.auctions?.[0]?.paid === 1 && r.body.auctions[0].no_sale_rate.numerator === 1 && r.body.settlements?.[0]?.surplus.paid.count === 1 && r;
      },
      30_000,
      'second-chance sale counted',
    );
    // A's own maximum, not the defaulted winner's 125 000.
    expect(res.body.auctions).toEqual([oneOfTwoSold(120_000, { proceeds_vs_valuation: { numerator: 0, denominator: 0, rate: null }, days_in_storage: { numerator: 0, denominator: 0, mean: null } })]);
    expect(res.body.settlements).toEqual([
      {
        currency: 'USD',
        settlements: 1,
        proceeds: 120_000,
        surplus: { amount: sale.surplus, count: 1, paid: { amount: sale.surplus, count: 1 } },
        deficiency: { amount: 0, count: 0, placed: { amount: 0, count: 0 } },
      },
    ]);
  }, 120_000);
});
