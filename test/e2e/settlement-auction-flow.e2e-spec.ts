import type { AccountPurpose } from '../../src/ledger/domain/account-purpose';
import { LedgerService } from '../../src/ledger/ledger.service';
import { aSoldLot, aVehicleStoredByTow } from '../support/auction-sales';
import { aVerifiedBuyer } from '../support/auctions';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { RepossessionJob } from '../support/repossession-job';
import { DAY } from '../support/settlement';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/**
 * Issue 16 end to end, through HTTP only: vehicles recovered and stored by the tow operator, the
 * lender's settlement inputs, a lot sold to the highest proxy bid, the winner paying by card
 * through the test Stripe server, the webhook marking the invoice paid — and with it the sale
 * settled and posted. Then what each party sees: the lender, the tow operator, the platform, the
 * borrower's surplus payable, the §9-616 explanation; the surplus marked paid; the deficiency
 * placed and listed for collection in one call. Each lender has its own org, so its balances are
 * its sale's alone.
 */
describe('settlement through the auction: paid lot → settlement → ledger → explanation → surplus paid / deficiency placed', () => {
  let t: TestApp;
  let admin: OrgSession;
  let buyers: OrgSession[];
  jest.setTimeout(180_000);

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    buyers = [await aVerifiedBuyer(t, admin), await aVerifiedBuyer(t, admin)];
  }, 180_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const balance = async (orgId: string | null, purpose: AccountPurpose) => (await t.app.get(LedgerService).balance(t.db.manager, { orgId, purpose }, 'USD')).amount;
  const totalDue = async (caseId: string) => Number((await t.db.query('SELECT total_due FROM cases WHERE id = $1', [caseId]))[0].total_due);
  const inputs = (job: RepossessionJob, path: string) => `/v1/vehicles/${job.vehicleId}/settlement-inputs${path}`;
  const record = async (lender: OrgSession, method: 'post' | 'put', path: string, body: Record<string, unknown>) => {
    const res = await t.http[method](path).set(lender.auth).send(body);
    expect([path, res.status]).toEqual([path, method === 'post' ? 201 : 200]);
  };
  const lines = (body: { lines: { step: string; kind: string; applied: { amount: number } }[] }) => body.lines.map((l) => `${l.step}:${l.kind} ${l.applied.amount}`);

  /** Sold to the second buyer one increment above the first buyer's maximum; paid by card, the webhook delivered. */
  const soldAndPaid = async (lender: OrgSession, job: RepossessionJob, maxima: [number, number]) => {
    const lot = await aSoldLot(t, lender, job.vehicleId, [
      { buyer: buyers[0]!, max: maxima[0] },
      { buyer: buyers[1]!, max: maxima[1] },
    ], { deposit_required: usd(200_000) });
    const revenue = await balance(null, 'platform_revenue');
    const invoice = (await t.http.get(`/v1/invoices/${lot.invoiceId}`).set(buyers[1]!.auth)).body;
    const paid = await t.http.post(`/v1/invoices/${lot.invoiceId}/payment-intent`).set(buyers[1]!.auth).send({ payment_method: 'pm_card_visa' });
    expect(paid.status).toBe(201);
    expect((await t.stripe.deliverPending()).every((d) => d.status === 200)).toBe(true);
    expect((await t.http.get(`/v1/invoices/${lot.invoiceId}`).set(buyers[1]!.auth)).body.status).toBe('paid');
    const [settlement] = await t.db.query('SELECT id FROM settlements WHERE lot_id = $1', [lot.lotId]);
    return { ...lot, invoice, settlementId: settlement.id as string, premiumBooked: (await balance(null, 'platform_revenue')) - revenue };
  };

  it('a surplus: expenses, the obligation net of the rebate, the rest payable to the borrower until the lender marks it paid', async () => {
    const lender = await aLender(t).build();
    // Recovered and stored 10 days before the sale: 25.00 a day after 3 free days.
    const job = await aVehicleStoredByTow(t, admin, lender, new Date(Date.now() - 10 * DAY));
    await record(lender, 'post', inputs(job, '/credits'), { type: 'unearned_interest_rebate', amount: usd(12_000), basis: 'Rule of 78 rebate of unearned finance charge at payoff' });
    await record(lender, 'put', inputs(job, '/legal-fees-agreement'), { clause: 'Retail installment contract §14' });
    // The servicer's payoff figure already nets a first rebate; the explanation must say so (§9-616(c)(1)).
    await record(lender, 'put', inputs(job, '/obligation-rebate'), { reflects_rebate: true });
    await record(lender, 'post', inputs(job, '/legal-expenses'), { amount: usd(30_000), description: 'replevin counsel', invoice_ref: 'LAW-77' });
    await record(lender, 'put', inputs(job, '/explanation-contact'), { phone: '+1 800 555 0100', address: '1 Finance Way, Austin TX' });

    const sale = await soldAndPaid(lender, job, [1_200_000, 1_400_000]);
    const hammer = sale.invoice.hammer_price.amount as number;
    const premium = sale.invoice.buyer_premium.amount as number;
    expect(sale.premiumBooked).toBe(premium);

    const res = await t.http.get(`/v1/settlements/${sale.settlementId}`).set(lender.auth);
    expect(res.status).toBe(200);
    // Storage: stored 10 days and the lot's hour up to the hammer, 11 started days, 8 after the 3 free, × 25.00.
    expect(lines(res.body)).toEqual([
      'expenses:repossession 45000',
      'expenses:storage 20000',
      'expenses:legal 30000',
      'obligation:secured_obligation 988000',
      `surplus:surplus ${hammer - 45_000 - 20_000 - 30_000 - 988_000}`,
      'credit:unearned_interest_rebate 12000',
    ]);
    expect(res.body.lines[2].basis).toBe('replevin counsel (invoice LAW-77; provided for by Retail installment contract §14)');
    const surplus = hammer - 45_000 - 20_000 - 30_000 - 988_000;
    expect(surplus).toBeGreaterThan(0);
    expect(res.body.figures).toMatchObject({ outcome: 'surplus', hammer_price: usd(hammer), distributed: usd(hammer), surplus: usd(surplus), deficiency: usd(0), credits: usd(12_000) });
    expect(res.body.ledger_transaction_ids).toHaveLength(1);

    // The ledger: the hammer went from the lender's escrow to the tow operator (its fees), the
    // lender (the obligation and the legal fees it paid) and the borrower (the surplus); the
    // premium is the platform's; the case is paid off.
    expect(await balance(lender.orgId, 'auction_escrow')).toBe(0);
    expect(await balance(buyers[1]!.orgId, 'auction_escrow')).toBe(0);
    expect(await balance(job.tow.orgId, 'partner_payable')).toBe(65_000);
    expect(await balance(lender.orgId, 'lender_receivable')).toBe(-(988_000 + 30_000));
    expect(await balance(lender.orgId, 'borrower_surplus_payable')).toBe(surplus);
    expect(await totalDue(job.caseId)).toBe(0);
    for (const [, totals] of await t.app.get(LedgerService).trialBalance(t.db.manager)) expect(totals.debits).toBe(totals.credits);

    // The tow operator sees its own lines; the platform sees them all.
    expect((await t.http.get(`/v1/settlements/${sale.settlementId}`).set(job.tow.auth)).body.lines.map((l: { kind: string }) => l.kind)).toEqual(['repossession', 'storage']);
    expect(lines((await t.http.get(`/v1/settlements/${sale.settlementId}`).set(admin.auth)).body)).toEqual(lines(res.body));

    // The explanation, its items in the order of §9-616(c).
    const explanation = await t.http.get(`/v1/settlements/${sale.settlementId}/explanation`).set(lender.auth);
    expect(explanation.status).toBe(200);
    expect(Object.keys(explanation.body).filter((k) => ['aggregate_obligation', 'proceeds', 'obligation_less_proceeds', 'expenses', 'credits', 'result'].includes(k))).toEqual([
      'aggregate_obligation',
      'proceeds',
      'obligation_less_proceeds',
      'expenses',
      'credits',
      'result',
    ]);
    expect(explanation.body).toMatchObject({
      aggregate_obligation: { amount: usd(1_000_000), reflects_rebate: true },
      proceeds: { amount: usd(hammer) },
      obligation_less_proceeds: usd(1_000_000 - hammer),
      expenses: { total: usd(95_000) },
      credits: { by_type: [{ type: 'unearned_interest_rebate', amount: usd(12_000) }], total: usd(12_000) },
      result: { kind: 'surplus', amount: usd(surplus) },
      contact: { phone: '+1 800 555 0100' },
    });
    const page = await t.http.get(`/v1/settlements/${sale.settlementId}/explanation?format=html`).set(lender.auth);
    expect([page.status, page.headers['content-language']]).toEqual([200, 'en']);
    expect(page.text).toContain('Attorney');
    expect(page.text).toContain('This amount reflects a rebate of unearned interest or credit service charge.');

    // A surplus has no deficiency to place: refused, nothing written.
    expectProblem(await t.http.post(`/v1/settlements/${sale.settlementId}/place-deficiency`).set(lender.auth).send({}), 422, 'settlement.no_deficiency');
    expect(await count(t, 'SELECT count(*) AS n FROM settlements WHERE id = $1 AND deficiency_placed_at IS NOT NULL', [sale.settlementId])).toBe(0);

    const paid = await t.http.post(`/v1/settlements/${sale.settlementId}/surplus-payment`).set(lender.auth).send({ via: 'lender', reference: 'CHK-2001' });
    expect(paid.status).toBe(200);
    expect(paid.body.ledger_transaction_ids).toHaveLength(2);
    expect(await balance(lender.orgId, 'borrower_surplus_payable')).toBe(0);
    expect(await balance(lender.orgId, 'lender_receivable')).toBe(-(988_000 + 30_000 + surplus));
    const listed = await t.http.get('/v1/settlements').set(lender.auth);
    expect(listed.body.totals).toEqual([{ currency: 'USD', count: 1, proceeds: usd(hammer), surplus: usd(surplus), surplus_unpaid: usd(0), deficiency: usd(0) }]);
  });

  it('a deficiency: legal fees the agreement no longer provides for are excluded; the case carries the rest and is placed and listed for collection in one call', async () => {
    const lender = await aLender(t).build();
    const job = await aVehicleStoredByTow(t, admin, lender, new Date(Date.now() - 2 * DAY), { preferred_language: 'zh-CN' });
    // The tow operator completes the repossession once the car is in its yard: the case is back on the lender's book.
    expect((await t.http.post(`/v1/jobs/${job.jobId}/complete`).set(job.tow.auth).send({ outcome: 'vehicle_recovered' })).status).toBe(200);
    await record(lender, 'post', inputs(job, '/credits'), { type: 'add_on_refund', amount: usd(20_000), basis: 'GAP contract 7781 cancelled, refund' });
    await record(lender, 'put', inputs(job, '/legal-fees-agreement'), { clause: 'RIC §14' });
    await record(lender, 'post', inputs(job, '/legal-expenses'), { amount: usd(25_000), description: 'demand letter', invoice_ref: 'LAW-78' });
    // On review the clause covers collection costs only: the lender records that no clause provides for attorney's fees.
    await record(lender, 'put', inputs(job, '/legal-fees-agreement'), { clause: null });
    await record(lender, 'put', inputs(job, '/explanation-contact'), { phone: '+1 800 555 0100' });

    const sale = await soldAndPaid(lender, job, [300_000, 500_000]);
    const hammer = sale.invoice.hammer_price.amount as number;
    const res = await t.http.get(`/v1/settlements/${sale.settlementId}`).set(lender.auth);
    // Stored 2 days: within the 3 free days, no storage line.
    expect(lines(res.body)).toEqual(['expenses:repossession 45000', `obligation:secured_obligation ${hammer - 45_000}`, 'surplus:surplus 0', 'credit:add_on_refund 20000', 'excluded:legal 0']);
    expect(res.body.lines[4]).toMatchObject({ statute: 'UCC §9-615(a)(1)', claimed: usd(25_000), basis: 'the agreement does not provide for attorney’s fees and legal expenses' });
    const deficiency = 1_000_000 - 20_000 - (hammer - 45_000);
    expect(res.body.figures).toMatchObject({ outcome: 'deficiency', distributed: usd(hammer), surplus: usd(0), deficiency: usd(deficiency) });

    expect(await balance(lender.orgId, 'auction_escrow')).toBe(0);
    expect(await balance(job.tow.orgId, 'partner_payable')).toBe(45_000);
    expect(await balance(lender.orgId, 'lender_receivable')).toBe(-(hammer - 45_000));
    expect(await balance(lender.orgId, 'borrower_surplus_payable')).toBe(0);
    expect(await totalDue(job.caseId)).toBe(deficiency);

    const explanation = await t.http.get(`/v1/settlements/${sale.settlementId}/explanation`).set(lender.auth);
    expect(explanation.body).toMatchObject({ aggregate_obligation: { reflects_rebate: false }, result: { kind: 'deficiency', amount: usd(deficiency) }, future_changes_statement: true, credits: { by_type: [{ type: 'add_on_refund', amount: usd(20_000) }] } });
    // The borrower reads Chinese: the printable page is in zh-CN.
    const page = await t.http.get(`/v1/settlements/${sale.settlementId}/explanation?format=html`).set(lender.auth);
    expect([page.status, page.headers['content-language']]).toEqual([200, 'zh-CN']);
    expect(page.text).toContain('车辆处置后余额或差额的计算说明');

    // No surplus to pay: refused, nothing posted.
    const transactions = await count(t, 'SELECT count(*) AS n FROM ledger_transactions');
    expectProblem(await t.http.post(`/v1/settlements/${sale.settlementId}/surplus-payment`).set(lender.auth).send({ via: 'lender', reference: 'CHK-1' }), 422, 'settlement.no_surplus');
    expect(await count(t, 'SELECT count(*) AS n FROM ledger_transactions')).toBe(transactions);

    const schedule = await aFeeSchedule(t, lender);
    const { kind: _kind, case_ids: _cases, ...list } = aListingBody(schedule, []);
    const placedOrListed = async () => [
      await count(t, 'SELECT count(*) AS n FROM settlements WHERE id = $1 AND deficiency_placed_at IS NOT NULL', [sale.settlementId]),
      await count(t, "SELECT count(*) AS n FROM listing_cases c JOIN listings l ON l.id = c.listing_id WHERE c.case_id = $1 AND l.kind = 'collection'", [job.caseId]),
    ];
    // The lot's close moved the app's clock an hour on: a deadline from the wall clock is now past.
    // The marketplace refuses the listing, and the deficiency stays unplaced, nothing listed.
    expectProblem(await t.http.post(`/v1/settlements/${sale.settlementId}/place-deficiency`).set(lender.auth).send({ list: { ...list, deadline: new Date(t.clock.now().getTime() - 60_000).toISOString() } }), 422, 'listing.invalid');
    expect(await placedOrListed()).toEqual([0, 0]);
    const placed = await t.http.post(`/v1/settlements/${sale.settlementId}/place-deficiency`).set(lender.auth).send({ list: { ...list, deadline: new Date(t.clock.now().getTime() + 2 * DAY).toISOString() } });
    expect(placed.status).toBe(200);
    expect(placed.body.case).toMatchObject({ id: job.caseId, total_due: usd(deficiency), status: 'listed' });
    expect(placed.body.listing).toMatchObject({ kind: 'collection', status: 'open' });
    const listing = await t.http.get(`/v1/listings/${placed.body.listing.id}`).set(lender.auth);
    expect(listing.status).toBe(200);
    expect(listing.body.cases.map((c: { case_id: string }) => c.case_id)).toEqual([job.caseId]);
    expect(await placedOrListed()).toEqual([1, 1]);
    expect(await totalDue(job.caseId)).toBe(deficiency);
    expectProblem(await t.http.post(`/v1/settlements/${sale.settlementId}/place-deficiency`).set(lender.auth).send({}), 409, 'settlement.deficiency_already_placed');
  });
});
