import { LedgerService } from '../../src/ledger/ledger.service';
import type { AccountPurpose } from '../../src/ledger/domain/account-purpose';
import { aSoldLot, aVehicleStoredByTow } from '../support/auction-sales';
import { aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { addUser, aLender, aTowOperator, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const DAY = 24 * 3_600_000;

describe('auctions: invoice payment (Stripe, bank transfer), ledger, release from the yard', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let buyers: OrgSession[];

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    buyers = [];
    for (let i = 0; i < 3; i++) buyers.push(await aVerifiedBuyer(t, admin));
  }, 120_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const [A, B, C] = [0, 1, 2];
  /** A sells to B at 1,050.00 (A's 1,000.00 max + one 50.00 increment): premium 200.00 (the minimum), deposit 500.00 applied, 750.00 due. */
  const soldToB = async (vehicleId?: string, overrides: Record<string, unknown> = {}) =>
    aSoldLot(t, lender, vehicleId ?? (await aVehicleInStorage(t, lender)), [{ buyer: buyers[A]!, max: 100_000 }, { buyer: buyers[B]!, max: 150_000 }], overrides);
  const pay = (invoiceId: string, who: OrgSession, pm = 'pm_card_visa') => t.http.post(`/v1/invoices/${invoiceId}/payment-intent`).set(who.auth).send({ payment_method: pm });
  const confirm = (invoiceId: string, body: Record<string, unknown> = { reference: 'WIRE-0042', amount: usd(75_000) }) => t.http.post(`/v1/invoices/${invoiceId}/confirm-transfer`).set(admin.auth).send(body);
  const invoiceRow = async (id: string) => (await t.db.query('SELECT status, paid_via, payment_intent_id, transfer_reference, ledger_transaction_id FROM auction_invoices WHERE id = $1', [id]))[0];
  const lotStatus = async (id: string) => (await t.db.query('SELECT status FROM auction_lots WHERE id = $1', [id]))[0].status;
  const vehicleStatus = async (id: string) => (await t.db.query('SELECT status FROM vehicles WHERE id = $1', [id]))[0].status;
  const countOf = async (sql: string, params: unknown[]) => Number((await t.db.query(sql, params))[0].n);
  const events = (aggregateId: string, type: string) => countOf('SELECT count(*) AS n FROM outbox_events WHERE aggregate_id = $1 AND type = $2', [aggregateId, type]);
  const paidTransactions = (invoiceId: string) => countOf('SELECT count(*) AS n FROM ledger_transactions WHERE idempotency_key = $1', [`auction-invoice-paid-${invoiceId}`]);
  const balance = async (orgId: string | null, purpose: AccountPurpose) => (await t.app.get(LedgerService).balance(t.db.manager, { orgId, purpose }, 'USD')).amount;
  const balanceIntents = (invoiceId: string) => t.stripe.objectsOf('payment_intent').filter((pi) => (pi.metadata as Record<string, string>).invoice_id === invoiceId);
  const succeededEventOf = (intentId: string) => t.stripe.events.find((e) => e.type === 'payment_intent.succeeded' && e.data.object.id === intentId)!;

  describe('by card', () => {
    it('captures the deposit towards the invoice, charges the balance, and the webhook marks invoice and lot paid once, with the ledger balanced', async () => {
      const { lotId, invoiceId } = await soldToB();
      const deposit = (await t.db.query('SELECT payment_intent_id FROM auction_deposits WHERE lot_id = $1 AND buyer_org_id = $2', [lotId, buyers[B]!.orgId]))[0];
      const revenueBefore = await balance(null, 'platform_revenue');
      const clearingBefore = await balance(null, 'stripe_clearing');

      const res = await pay(invoiceId, buyers[B]!).set('Idempotency-Key', `pay-${invoiceId}`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ deposit_captured: usd(50_000), payment_intent: { status: 'succeeded' }, invoice: { id: invoiceId, status: 'open', balance_due: usd(75_000), release: null } });
      expect(await t.stripe.sdk().paymentIntents.retrieve(deposit.payment_intent_id)).toMatchObject({ status: 'succeeded', amount_received: 50_000 });
      const intent = await t.stripe.sdk().paymentIntents.retrieve(res.body.payment_intent.id);
      expect(intent).toMatchObject({ amount: 75_000, currency: 'usd', status: 'succeeded', metadata: { reclaim_purpose: 'auction_invoice', invoice_id: invoiceId, org_id: buyers[B]!.orgId, lot_id: lotId } });
      expect(await lotStatus(lotId)).toBe('sold');

      const deliveries = await t.stripe.deliverPending();
      expect(deliveries.every((d) => d.status === 200)).toBe(true);
      expect(await invoiceRow(invoiceId)).toMatchObject({ status: 'paid', paid_via: 'stripe', payment_intent_id: intent.id, transfer_reference: null });
      expect(await lotStatus(lotId)).toBe('paid');
      expect(await events(invoiceId, 'auction.invoice_paid')).toBe(1);
      // The vehicle secures a case: the sale settled in the payment's transaction, so the hammer passed through the lender's escrow; the premium is platform revenue; the buyer's escrow is back to zero.
      expect(await countOf('SELECT count(*) AS n FROM settlements WHERE lot_id = $1', [lotId])).toBe(1);
      expect(await balance(lender.orgId, 'auction_escrow')).toBe(0);
      expect(await balance(buyers[B]!.orgId, 'auction_escrow')).toBe(0);
      expect((await balance(null, 'platform_revenue')) - revenueBefore).toBe(20_000);
      expect((await balance(null, 'stripe_clearing')) - clearingBefore).toBe(125_000);
      for (const [, totals] of await t.app.get(LedgerService).trialBalance(t.db.manager)) expect(totals.debits).toBe(totals.credits);

      // Stripe sends the same event again, and twice at once: nothing more happens.
      const again = await Promise.all([t.stripe.deliver(succeededEventOf(intent.id)), t.stripe.deliver(succeededEventOf(intent.id))]);
      expect(again.map((d) => (d.body as { outcome: string }).outcome)).toEqual(['duplicate', 'duplicate']);
      expect(await paidTransactions(invoiceId)).toBe(1);
      expect(await events(invoiceId, 'auction.invoice_paid')).toBe(1);

      const view = await t.http.get(`/v1/invoices/${invoiceId}`).set(buyers[B]!.auth);
      expect(view.body).toMatchObject({ status: 'paid', paid_via: 'stripe', payment_intent_id: intent.id, release: { status: 'ordered', holder_org_id: lender.orgId, release_code: expect.stringMatching(/^[A-Z2-9]{8}$/) } });
      const deposits = await t.http.get('/v1/me/deposits').set(buyers[B]!.auth);
      expect(deposits.body.data.find((d: { lot_id: string }) => d.lot_id === lotId)).toMatchObject({ status: 'applied', captured: usd(50_000) });

      const intentsBefore = t.stripe.objectsOf('payment_intent').length;
      expect(expectProblem(await pay(invoiceId, buyers[B]!), 409, 'invoice.already_paid')).toMatchObject({ paid_via: 'stripe' });
      // The client's retry under its Idempotency-Key (DESIGN §2) is answered what it was answered first.
      const replay = await pay(invoiceId, buyers[B]!).set('Idempotency-Key', `pay-${invoiceId}`);
      expect(replay.status).toBe(201);
      expect(replay.body.payment_intent).toEqual(res.body.payment_intent);
      expect(t.stripe.objectsOf('payment_intent').length).toBe(intentsBefore);
    });

    it('a deposit that covers the whole invoice is captured for the total and pays it at once, with no payment intent', async () => {
      const { lotId, invoiceId } = await aSoldLot(t, lender, await aVehicleInStorage(t, lender), [{ buyer: buyers[C]!, max: 60_000 }], { deposit_required: usd(100_000) });
      const res = await pay(invoiceId, buyers[C]!);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ payment_intent: null, deposit_captured: usd(70_000), invoice: { status: 'paid', paid_via: 'stripe', total: usd(70_000), deposit_applied: usd(70_000), balance_due: usd(0), release: { status: 'ordered' } } });
      const [deposit] = await t.db.query('SELECT payment_intent_id FROM auction_deposits WHERE lot_id = $1', [lotId]);
      expect(await t.stripe.sdk().paymentIntents.retrieve(deposit.payment_intent_id)).toMatchObject({ status: 'succeeded', amount_received: 70_000 });
      expect(balanceIntents(invoiceId)).toEqual([]);
      expect(await lotStatus(lotId)).toBe('paid');
      await t.stripe.deliverPending();
      expect(await balance(buyers[C]!.orgId, 'auction_escrow')).toBe(0);
      expect(await paidTransactions(invoiceId)).toBe(1);
    });

    it('refuses another buyer, the lender, a viewer and a declined card, writing nothing', async () => {
      const { lotId, invoiceId } = await soldToB();
      const before = await invoiceRow(invoiceId);
      expectProblem(await pay(invoiceId, buyers[A]!), 404, 'invoice.not_found');
      expectProblem(await t.http.get(`/v1/invoices/${invoiceId}`).set(buyers[C]!.auth), 404, 'invoice.not_found');
      expectProblem(await pay(invoiceId, lender), 403, 'auth.wrong_org_kind');
      expectProblem(await pay(invoiceId, await addUser(t, buyers[B]!, 'viewer')), 403, 'auth.insufficient_role');
      expectProblem(await pay('not-a-uuid', buyers[B]!), 404, 'invoice.not_found');
      expectProblem(await pay(invoiceId, buyers[B]!, 'card'), 400, 'validation.failed');
      expect(balanceIntents(invoiceId)).toEqual([]);
      expect(expectProblem(await pay(invoiceId, buyers[B]!, 'pm_card_chargeDeclined'), 422, 'invoice.payment_declined')).toMatchObject({ decline_code: 'generic_decline' });
      expect(await invoiceRow(invoiceId)).toEqual(before);
      expect(await lotStatus(lotId)).toBe('sold');
      expect(await paidTransactions(invoiceId)).toBe(0);
      // The deposit was captured before the card failed; a retry answers that capture, it takes nothing more.
      const retried = await pay(invoiceId, buyers[B]!);
      expect(retried.status).toBe(201);
      expect(retried.body.deposit_captured).toEqual(usd(50_000));
      await t.stripe.deliverPending();
      expect(await invoiceRow(invoiceId)).toMatchObject({ status: 'paid', paid_via: 'stripe' });
    });

    it('two payments at once take one; a transfer confirmed while the card payment’s webhook arrives is refused: one outcome', async () => {
      const { lotId, invoiceId } = await soldToB();
      const [first, second] = await Promise.all([pay(invoiceId, buyers[B]!, 'pm_card_visa'), pay(invoiceId, buyers[B]!, 'pm_card_mastercard')]);
      expect([first.status, second.status].sort()).toEqual([201, 409]);
      expect(expectProblem([first, second].find((r) => r.status === 409)!, 409, 'invoice.payment_in_progress')).toMatchObject({ payment_intent_id: expect.any(String) });
      expect(balanceIntents(invoiceId)).toHaveLength(1);

      const intentId = [first, second].find((r) => r.status === 201)!.body.payment_intent.id;
      const [webhook, transfer] = await Promise.all([t.stripe.deliver(succeededEventOf(intentId)), confirm(invoiceId)]);
      expect(webhook.status).toBe(200);
      // Whichever takes the invoice's lock first, the transfer finds the card payment recorded (or already settled).
      expect(transfer.status).toBe(409);
      expect(['invoice.payment_in_progress', 'invoice.already_paid']).toContain(transfer.body.code);
      await t.stripe.deliverPending();
      expect(await invoiceRow(invoiceId)).toMatchObject({ status: 'paid', paid_via: 'stripe', transfer_reference: null });
      expect(await paidTransactions(invoiceId)).toBe(1);
      expect(await lotStatus(lotId)).toBe('paid');
      expect(await countOf('SELECT count(*) AS n FROM auction_releases WHERE lot_id = $1', [lotId])).toBe(1);
    });
  });

  describe('by bank transfer', () => {
    it('a platform admin confirms the balance; refusals for the wrong role, a wrong amount and a second confirmation write nothing', async () => {
      const { lotId, invoiceId } = await soldToB();
      const before = await invoiceRow(invoiceId);
      expectProblem(await t.http.post(`/v1/invoices/${invoiceId}/confirm-transfer`).set(buyers[B]!.auth).send({ reference: 'WIRE-1', amount: usd(75_000) }), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post(`/v1/invoices/${invoiceId}/confirm-transfer`).set(lender.auth).send({ reference: 'WIRE-1', amount: usd(75_000) }), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post(`/v1/invoices/${invoiceId}/confirm-transfer`).set((await addUser(t, admin, 'compliance')).auth).send({ reference: 'WIRE-1', amount: usd(75_000) }), 403, 'auth.insufficient_role');
      expect(expectProblem(await confirm(invoiceId, { reference: 'WIRE-1', amount: usd(74_999) }), 422, 'invoice.amount_mismatch')).toMatchObject({ balance_due: usd(75_000) });
      expectProblem(await confirm(invoiceId, { reference: 'WIRE-1', amount: { amount: 75_000, currency: 'EUR' } }), 422, 'invoice.amount_mismatch');
      expectProblem(await confirm(invoiceId, { amount: usd(75_000) }), 400, 'validation.failed');
      expectProblem(await confirm('00000000-0000-4000-8000-000000000000'), 404, 'invoice.not_found');
      expect(await invoiceRow(invoiceId)).toEqual(before);
      expect((await t.db.query('SELECT status FROM auction_deposits WHERE lot_id = $1 AND buyer_org_id = $2', [lotId, buyers[B]!.orgId]))[0].status).toBe('held_for_invoice');
      const cashBefore = await balance(null, 'cash');

      const confirmed = await confirm(invoiceId, { reference: ' WIRE-0042 ', amount: usd(75_000) });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'paid', paid_via: 'bank_transfer', transfer_reference: 'WIRE-0042', release: { status: 'ordered', release_code: null } });
      expect(await lotStatus(lotId)).toBe('paid');
      expect((await balance(null, 'cash')) - cashBefore).toBe(75_000);
      await t.stripe.deliverPending();
      expect(await balance(buyers[B]!.orgId, 'auction_escrow')).toBe(0);
      expect(expectProblem(await confirm(invoiceId), 409, 'invoice.already_paid')).toMatchObject({ paid_via: 'bank_transfer' });
      expectProblem(await pay(invoiceId, buyers[B]!), 409, 'invoice.already_paid');
      expect(await paidTransactions(invoiceId)).toBe(1);
    });
  });

  describe('a sale the settlement refuses', () => {
    it('keeps the payment, tells the lender, and settles again only once the refusal is gone', async () => {
      const eur = (amount: number) => ({ amount, currency: 'EUR' });
      const job = await aVehicleStoredByTow(t, admin, lender, new Date(Date.now() - 3_600_000));
      // The case is in USD; the lot was listed in EUR, so its proceeds cannot be applied to the obligation.
      // A lot is now refused unless it is in its case's currency (auction.case_currency_mismatch): such a
      // lot can only have been listed before that rule, so the case is in EUR while it is listed.
      const [{ case_id: caseId }] = await t.db.query('SELECT case_id FROM vehicles WHERE id = $1', [job.vehicleId]);
      await t.db.query(`UPDATE cases SET currency = 'EUR' WHERE id = $1`, [caseId]);
      const { lotId, invoiceId } = await soldToB(job.vehicleId, { start_price: eur(50_000), deposit_required: eur(50_000), buyer_premium: { bps: 1_000, min: eur(20_000), max: eur(150_000) } });
      await t.db.query(`UPDATE cases SET currency = 'USD' WHERE id = $1`, [caseId]);
      const escrowBefore = (await t.app.get(LedgerService).balance(t.db.manager, { orgId: lender.orgId, purpose: 'auction_escrow' }, 'EUR')).amount;
      const paid = await confirm(invoiceId, { reference: 'WIRE-EUR-1', amount: eur(75_000) });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ status: 'paid', paid_via: 'bank_transfer' });
      expect(await lotStatus(lotId)).toBe('paid');
      expect(await countOf('SELECT count(*) AS n FROM settlements WHERE lot_id = $1', [lotId])).toBe(0);
      // The hammer waits in the lender's escrow.
      expect((await t.app.get(LedgerService).balance(t.db.manager, { orgId: lender.orgId, purpose: 'auction_escrow' }, 'EUR')).amount - escrowBefore).toBe(105_000);
      const [blocked] = await t.db.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'auction.settlement_blocked'`, [lotId]);
      expect(blocked.payload).toMatchObject({ lot_id: lotId, invoice_id: invoiceId, code: 'settlement.currency_mismatch' });

      const settledBefore = await countOf('SELECT count(*) AS n FROM settlements', []);
      expectProblem(await t.http.post(`/v1/auctions/${lotId}/settle`).set(lender.auth), 422, 'settlement.currency_mismatch');
      expectProblem(await t.http.post(`/v1/auctions/${lotId}/settle`).set(buyers[B]!.auth), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post(`/v1/auctions/${lotId}/settle`).set((await addUser(t, lender, 'agent')).auth), 403, 'auth.insufficient_role');
      expectProblem(await t.http.post(`/v1/auctions/${lotId}/settle`).set((await aLender(t).build()).auth), 404, 'auction.not_found');
      t.clock.reset();
      const unpaid = await soldToB();
      expect(expectProblem(await t.http.post(`/v1/auctions/${unpaid.lotId}/settle`).set(lender.auth), 409, 'auction.not_paid')).toMatchObject({ current: 'sold' });
      expect(await countOf('SELECT count(*) AS n FROM settlements', [])).toBe(settledBefore);
    });
  });

  describe('release from the yard', () => {
    it('orders the release to the tow operator holding the car; the buyer’s code confirms the pick-up; storage after the free days is itemised', async () => {
      const storedAt = new Date(Date.now() - 3_600_000);
      const job = await aVehicleStoredByTow(t, admin, lender, storedAt);
      const { lotId, invoiceId } = await soldToB(job.vehicleId, { seller_fees: [{ label: 'auction listing fee', amount: usd(5_000) }] });
      expect((await t.http.get(`/v1/auctions/${lotId}`).set(lender.auth)).body.seller_fees).toEqual([{ label: 'auction listing fee', amount: usd(5_000) }]);
      expect((await t.http.get(`/v1/auctions/${lotId}`).set(buyers[B]!.auth)).body.seller_fees).toBeNull();
      const escrowBefore = await balance(lender.orgId, 'auction_escrow');
      expect((await confirm(invoiceId)).status).toBe(200);

      // Paid on a loan case's vehicle: the sale settles in the same transaction (issue 16), the lot's
      // seller fee among the expenses, and the hammer leaves the lender's escrow at once.
      const [settlement] = await t.db.query('SELECT id, hammer_price::int AS hammer, case_id FROM settlements WHERE lot_id = $1', [lotId]);
      expect(settlement).toMatchObject({ hammer: 105_000, case_id: job.caseId });
      const lines = await t.db.query(`SELECT kind, claimed::int AS claimed, applied::int AS applied FROM settlement_lines WHERE settlement_id = $1 AND step = 'expenses' ORDER BY line`, [settlement.id]);
      expect(lines).toEqual(expect.arrayContaining([{ kind: 'repossession', claimed: 45_000, applied: 45_000 }, { kind: 'seller_fee', claimed: 5_000, applied: 5_000 }]));
      expect((await balance(lender.orgId, 'auction_escrow')) - escrowBefore).toBe(0);
      for (const [, totals] of await t.app.get(LedgerService).trialBalance(t.db.manager)) expect(totals.debits).toBe(totals.credits);
      // Settling it again answers the settlement the payment made.
      expect((await t.http.post(`/v1/auctions/${lotId}/settle`).set(admin.auth)).body).toEqual({ settlement_id: settlement.id, replayed: true });

      const release = (await t.http.get(`/v1/invoices/${invoiceId}`).set(buyers[B]!.auth)).body.release;
      expect(release).toMatchObject({ status: 'ordered', holder_org_id: job.tow.orgId, job_id: job.jobId, yard_id: '00000000-0000-4000-8000-000000000002', failed_attempts: 0 });
      const code: string = release.release_code;
      const workList = await t.http.get('/v1/releases').query({ status: 'ordered' }).set(job.tow.auth);
      expect(workList.body.data).toEqual([expect.objectContaining({ id: release.id, release_code: null, vehicle: expect.objectContaining({ vin: job.vin }), storage: expect.objectContaining({ stored_at: storedAt.toISOString(), final: false }) })]);
      expect((await t.http.get(`/v1/releases/${release.id}`).set(lender.auth)).body.release_code).toBeNull();
      expect(await events(release.id, 'auction.release_ordered')).toBe(1);
      const [ordered] = await t.db.query(`SELECT org_ids, payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'auction.release_ordered'`, [release.id]);
      expect(ordered.org_ids).toContain(job.tow.orgId);
      expect(JSON.stringify(ordered.payload)).not.toContain(code);

      // Ten days in the yard (every started day counts), three of them free: 7 × 25.00.
      t.clock.set(new Date(storedAt.getTime() + 10 * DAY - 60_000));
      const accrued = await t.http.get(`/v1/releases/${release.id}`).set(buyers[B]!.auth);
      expect(accrued.body.storage).toMatchObject({ days: 10, free_days: 3, daily_rate: usd(2_500), charge: usd(17_500), final: false });

      const pickUp = (who: OrgSession, releaseCode: string) => t.http.post(`/v1/releases/${release.id}/pick-up`).set(who.auth).send({ release_code: releaseCode });
      const wrong = code.startsWith('A') ? 'B' + code.slice(1) : 'A' + code.slice(1);
      expect(expectProblem(await pickUp(job.tow, wrong), 422, 'release.wrong_code')).toMatchObject({ failed_attempts: 1 });
      expect(expectProblem(await pickUp(job.tow, ''), 400, 'validation.failed'));
      expectProblem(await pickUp(buyers[B]!, code), 403, 'auth.wrong_org_kind');
      expectProblem(await pickUp(await aTowOperator(t).build(), code), 404, 'release.not_found');
      expectProblem(await pickUp(lender, code), 404, 'release.not_found');
      expect(await t.db.query('SELECT status, failed_attempts FROM auction_releases WHERE id = $1', [release.id])).toEqual([{ status: 'ordered', failed_attempts: 1 }]);
      expect(await vehicleStatus(job.vehicleId)).toBe('sold');

      const picked = await pickUp(job.tow, code.toLowerCase().replace(/^(.{4})/, '$1-'));
      expect(picked.status).toBe(200);
      expect(picked.body).toMatchObject({ status: 'picked_up', failed_attempts: 1, release_code: null, storage: { days: 10, charge: usd(17_500), final: true, basis: '7 days × 2500 (10 stored, 3 free)' } });
      expect(await vehicleStatus(job.vehicleId)).toBe('released');
      expect(await lotStatus(lotId)).toBe('released');
      expect(await events(release.id, 'auction.released')).toBe(1);
      expect(await t.db.query('SELECT storage_days, storage_charge::int AS charge FROM auction_releases WHERE id = $1', [release.id])).toEqual([{ storage_days: 10, charge: 17_500 }]);
      expect(expectProblem(await pickUp(job.tow, code), 409, 'release.already_picked_up')).toMatchObject({ picked_up_at: picked.body.picked_up_at });
      // The itemised storage stays as it was at pick-up.
      t.clock.set(new Date(storedAt.getTime() + 30 * DAY));
      expect((await t.http.get(`/v1/releases/${release.id}`).set(lender.auth)).body.storage).toMatchObject({ days: 10, charge: usd(17_500) });
    });

    it('a vehicle no tow job stored is released by the lender itself, without storage', async () => {
      const { lotId, invoiceId } = await soldToB();
      await pay(invoiceId, buyers[B]!);
      await t.stripe.deliverPending();
      const release = (await t.http.get(`/v1/invoices/${invoiceId}`).set(buyers[B]!.auth)).body.release;
      expect(release).toMatchObject({ holder_org_id: lender.orgId, job_id: null, storage: null });
      const picked = await t.http.post(`/v1/releases/${release.id}/pick-up`).set(lender.auth).send({ release_code: release.release_code });
      expect(picked.status).toBe(200);
      expect(await lotStatus(lotId)).toBe('released');
    });
  });

  describe("the tow operator's job after the sale", () => {
    it('closes as vehicle_recovered once the lender has sold the stored vehicle; the case goes back to the lender', async () => {
      const job = await aVehicleStoredByTow(t, admin, lender, new Date(Date.now() - 3_600_000));
      await soldToB(job.vehicleId);
      expect(await vehicleStatus(job.vehicleId)).toBe('sold');

      const done = await t.http.post(`/v1/jobs/${job.jobId}/complete`).set(job.tow.auth).send({ outcome: 'vehicle_recovered' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ id: job.jobId, status: 'completed', outcome: 'vehicle_recovered' });
      const [row] = await t.db.query('SELECT j.status, c.status AS case_status FROM jobs j JOIN cases c ON c.id = $2 WHERE j.id = $1', [job.jobId, job.caseId]);
      expect(row).toEqual({ status: 'completed', case_status: 'returned' });
      expect(await vehicleStatus(job.vehicleId)).toBe('sold');
      expect(await events(job.jobId, 'job.completed')).toBe(1);
    });
  });
});
