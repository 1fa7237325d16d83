import { randomUUID } from 'node:crypto';
import { LedgerService } from '../../src/ledger/ledger.service';
import { addUser, aLender, anAgency, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aPartner } from '../support/marketplace';
import { aCaseOnAJob, confirmPayment } from '../support/payments';
import { eventually } from '../support/eventually';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

/** Payouts of partner statements through Stripe Connect or a recorded wire (issue 14). */
describe('payouts', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let lender: OrgSession;
  let admin: OrgSession;
  let schedule: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    ledger = t.app.get(LedgerService);
    lender = await aLender(t).build();
    admin = await loginPlatformAdmin(t);
    schedule = await aFeeSchedule(t, lender, { currency: 'USD', contingency_bps: 2500 });
    expect((await t.http.post('/v1/admin/platform-fee-schedules').set(admin.auth).send({ currency: 'USD', recovered_bps: 500 })).status).toBe(201);
  });
  afterAll(() => t.close());

  // `+ 0`: LedgerService.balance answers -0 for a credit-normal account at zero.
  const payable = async (partner: OrgSession, currency = 'USD') => (await ledger.balance(t.db.manager, { orgId: partner.orgId, purpose: 'partner_payable' }, currency)).amount + 0;
  const counts = async () => {
    const [row] = await t.db.query(`SELECT (SELECT count(*)::int FROM payouts) AS payouts, (SELECT count(*)::int FROM ledger_transactions) AS transactions`);
    return { ...row, stripe: t.stripe.requests.length };
  };
  /** A vetted agency whose job earned on a confirmed payment of `recovered` (15 % less the platform's 5 %: net 10 %), with its statement issued. */
  const aStatement = async (partner: OrgSession, recovered = 10_000): Promise<{ id: string; net_payable: { amount: number } }> => {
    const { caseId } = await aCaseOnAJob(t, lender, schedule, partner);
    expect((await confirmPayment(t, lender, caseId, recovered)).status).toBe(201);
    const issued = await t.http.post('/v1/statements').set(partner.auth).send({ currency: 'USD' });
    expect(issued.status).toBe(201);
    return issued.body;
  };
  /** A vetted agency onboarded to Stripe Connect. */
  const onboardedAgency = async () => {
    const agency = await aPartner(t, admin);
    const opened = await t.http.post('/v1/partner-profile/payout-account').set(agency.auth).expect(201);
    t.stripe.completeOnboarding(opened.body.stripe_account_id);
    await t.stripe.deliverPending();
    return { agency, account: opened.body.stripe_account_id as string };
  };

  const pay = (who: OrgSession, body: Record<string, unknown>) => t.http.post('/v1/payouts').set(who.auth).send(body);
  const payoutPostings = (statementId: string) => t.db.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reason = 'payout' AND reason_id = $1`, [statementId]);

  it('pays a statement once when twenty requests race: one transfer at Stripe, one posting; the webhook settles it', async () => {
    const { agency, account } = await onboardedAgency();
    const statement = await aStatement(agency);
    expect(statement.net_payable.amount).toBe(1_000);
    const transfersBefore = t.stripe.requestsTo('POST', '/v1/transfers').length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay(agency, { statement_id: statement.id })));
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    const created = answers.find((r) => r.status === 201)!;
    expect(new Set(answers.map((r) => r.body.id))).toEqual(new Set([created.body.id]));
    expect(created.body).toMatchObject({ partner_org_id: agency.orgId, statement_id: statement.id, amount: { amount: 1_000, currency: 'USD' }, method: 'stripe_transfer', status: 'paid', attempt: 1, confirmed_at: null, failure: null });

    const transfers = t.stripe.requestsTo('POST', '/v1/transfers').slice(transfersBefore);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ status: 200, idempotencyKey: `statement-${statement.id}-1`, params: { amount: '1000', currency: 'usd', destination: account } });
    expect(await payable(agency)).toBe(0);
    expect(await payoutPostings(statement.id)).toEqual([{ n: 1 }]);
    expect((await t.http.get(`/v1/statements/${statement.id}`).set(agency.auth)).body).toMatchObject({ status: 'paid', payout: { via: 'stripe', reference: `Stripe transfer ${created.body.stripe_transfer_id}` } });

    const event = t.stripe.lastEvent('transfer.created');
    t.stripe.pending.splice(0);
    expect((await t.stripe.deliver(event)).body).toMatchObject({ outcome: 'applied' });
    expect((await t.stripe.deliver(event.id)).body).toMatchObject({ outcome: 'duplicate' });
    expect((await t.http.get(`/v1/payouts/${created.body.id}`).set(agency.auth).expect(200)).body.confirmed_at).toEqual(expect.any(String));
    expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reason = 'payout' AND reason_id = $1`, [created.body.id])).toEqual([{ n: 1 }]);
    const inbox = await eventually(async () => {
      const rows: { event_type: string }[] = await t.db.query(`SELECT event_type FROM inbox_notifications WHERE user_id = $1 AND event_type LIKE 'payout%' ORDER BY event_type`, [agency.userId]);
      return rows.length >= 2 && rows;
    }, 20_000, 'the partner’s inbox');
    expect(inbox.map((r) => r.event_type)).toEqual(['payout.paid', 'payout_account.updated']);
  });

  it('confirms a payout whose transfer.created arrives while the payout is still being recorded', async () => {
    const { agency } = await onboardedAgency();
    const statement = await aStatement(agency, 20_000);
    t.stripe.deliverAutomatically(true);
    try {
      const paid = await pay(agency, { statement_id: statement.id }).expect(201);
      const confirmed = await eventually(async () => (await t.http.get(`/v1/payouts/${paid.body.id}`).set(agency.auth)).body.confirmed_at, 10_000, 'the settled payout');
      expect(confirmed).toEqual(expect.any(String));
      const delivery = t.stripe.deliveries.find((d) => d.type === 'transfer.created' && (d.body as { event_id?: string }).event_id === t.stripe.lastEvent('transfer.created').id);
      expect(delivery).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    } finally {
      t.stripe.deliverAutomatically(false);
    }
  });

  it('leaves the payable open and says why when Stripe refuses the transfer; the next request tries again under a new key', async () => {
    const { agency } = await onboardedAgency();
    const statement = await aStatement(agency, 50_000);
    const transactions = (await counts()).transactions;
    t.stripe.refuseNextTransferForInsufficientFunds();
    const declined = expectProblem(await pay(agency, { statement_id: statement.id }), 422, 'payout.transfer_declined');
    expect(declined).toMatchObject({ stripe_code: 'balance_insufficient', net_payable: { amount: 5_000, currency: 'USD' }, payout_id: expect.any(String) });
    expect(await payable(agency)).toBe(5_000);
    expect((await counts()).transactions).toBe(transactions);
    expect((await t.http.get(`/v1/statements/${statement.id}`).set(agency.auth)).body.status).toBe('issued');
    const listed = await t.http.get('/v1/payouts').set(agency.auth).expect(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: declined.payout_id, status: 'failed', failure: { code: 'balance_insufficient', message: expect.stringContaining('insufficient available funds') } })]);

    const retried = await pay(agency, { statement_id: statement.id }).expect(201);
    expect(retried.body).toMatchObject({ status: 'paid', attempt: 2 });
    expect(t.stripe.requestsTo('POST', '/v1/transfers').at(-1)).toMatchObject({ status: 200, idempotencyKey: `statement-${statement.id}-2` });
    expect(await payable(agency)).toBe(0);
  });

  it('lets a platform admin record a wire for a partner paid off-platform, without Stripe', async () => {
    const agency = await aPartner(t, admin);
    const statement = await aStatement(agency, 77_000);
    const stripeBefore = t.stripe.requests.length;
    const cashBefore = (await ledger.balance(t.db.manager, { orgId: null, purpose: 'cash' }, 'USD')).amount;
    const wire = await pay(admin, { statement_id: statement.id, method: 'manual', wire_reference: 'WIRE-2026-0042' }).expect(201);
    expect(wire.body).toMatchObject({ method: 'manual', status: 'paid', wire_reference: 'WIRE-2026-0042', stripe_transfer_id: null, amount: { amount: 7_700, currency: 'USD' } });
    expect(t.stripe.requests.length).toBe(stripeBefore);
    expect(await payable(agency)).toBe(0);
    expect((await ledger.balance(t.db.manager, { orgId: null, purpose: 'cash' }, 'USD')).amount).toBe(cashBefore - 7_700);
    expect((await pay(admin, { statement_id: statement.id, method: 'manual', wire_reference: 'WIRE-2026-0042' }).expect(200)).body.id).toBe(wire.body.id);
    const all = await t.http.get(`/v1/payouts?partner_org_id=${agency.orgId}`).set(admin.auth).expect(200);
    expect(all.body.data.map((p: { id: string }) => p.id)).toEqual([wire.body.id]);
  });

  it('reopens the payable when Stripe reverses the transfer', async () => {
    const { agency } = await onboardedAgency();
    const statement = await aStatement(agency, 9_000);
    const paid = await pay(agency, { statement_id: statement.id }).expect(201);
    await t.stripe.deliverPending();
    await t.stripe.sdk().transfers.createReversal(paid.body.stripe_transfer_id);
    const [reversal] = await t.stripe.deliverInOrder(['transfer.reversed']);
    expect(reversal).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect((await t.http.get(`/v1/payouts/${paid.body.id}`).set(agency.auth)).body.status).toBe('reversed');
    expect(await payable(agency)).toBe(900);
    expect((await t.http.get(`/v1/statements/${statement.id}`).set(agency.auth).expect(200)).body).toMatchObject({ status: 'issued', payout: null });

    // The statement is payable again: a second attempt pays it, with its own transfer and posting.
    const again = await pay(agency, { statement_id: statement.id }).expect(201);
    expect(again.body).toMatchObject({ status: 'paid', attempt: 2, amount: { amount: 900, currency: 'USD' } });
    expect(again.body.stripe_transfer_id).not.toBe(paid.body.stripe_transfer_id);
    expect(t.stripe.requestsTo('POST', '/v1/transfers').at(-1)).toMatchObject({ status: 200, idempotencyKey: `statement-${statement.id}-2` });
    expect(await payable(agency)).toBe(0);
    expect((await t.http.get(`/v1/statements/${statement.id}`).set(agency.auth).expect(200)).body).toMatchObject({ status: 'paid' });
    expect((await pay(agency, { statement_id: statement.id }).expect(200)).body.id).toBe(again.body.id);
  });

  it('pays nothing more when Stripe holds an unrecorded attempt under the same key with other parameters (409)', async () => {
    const { agency, account } = await onboardedAgency();
    const statement = await aStatement(agency, 40_000);
    // An attempt that reached Stripe but whose commit was lost, with other parameters.
    await t.stripe.sdk().transfers.create({ amount: 3_000, currency: 'usd', destination: account }, { idempotencyKey: `statement-${statement.id}-1` });
    const before = await counts();
    const refused = expectProblem(await pay(agency, { statement_id: statement.id }), 409, 'payout.needs_reconciliation');
    expect(refused.stripe_idempotency_key).toBe(`statement-${statement.id}-1`);
    expect(await counts()).toEqual({ ...before, stripe: before.stripe + 1 });
    expect(await payable(agency)).toBe(4_000);
  });

  describe('refusals write nothing', () => {
    it('without a payout account, before onboarding finished, or with nothing payable: 422', async () => {
      const noAccount = await aPartner(t, admin);
      const first = await aStatement(noAccount, 1_000);
      const notReady = await aPartner(t, admin);
      await t.http.post('/v1/partner-profile/payout-account').set(notReady.auth).expect(201);
      const second = await aStatement(notReady, 1_000);
      const { agency: owedNothing } = await onboardedAgency();
      // A payment stated, then reversed: the next statement's net is negative (carried forward).
      const { caseId } = await aCaseOnAJob(t, lender, schedule, owedNothing);
      const payment = await confirmPayment(t, lender, caseId, 1_000);
      await t.http.post('/v1/statements').set(owedNothing.auth).send({ currency: 'USD' }).expect(201);
      await t.http.post(`/v1/payments/${payment.body.id}/reverse`).set(lender.auth).send({ reason: 'bounced' }).expect(200);
      const empty = await t.http.post('/v1/statements').set(owedNothing.auth).send({ currency: 'USD' }).expect(201);
      const before = await counts();
      expectProblem(await pay(noAccount, { statement_id: first.id }), 422, 'payout.no_payout_account');
      const pending = expectProblem(await pay(notReady, { statement_id: second.id }), 422, 'payout.account_not_ready');
      expect(pending.requirements_due).toEqual(expect.arrayContaining(['external_account']));
      expectProblem(await pay(owedNothing, { statement_id: empty.body.id }), 422, 'payout.nothing_payable');
      expect(await counts()).toEqual(before);
    });

    it('refuses other kinds and roles (403), manual payouts by partners (403), bad input (400) and another partner’s statement (404)', async () => {
      const { agency } = await onboardedAgency();
      const statement = await aStatement(agency, 3_000);
      const other = await aPartner(t, admin);
      const agent = await addUser(t, agency, 'agent');
      const before = await counts();
      expectProblem(await pay(lender, { statement_id: statement.id }), 403, 'auth.wrong_org_kind');
      expectProblem(await pay(agent, { statement_id: statement.id }), 403, 'auth.insufficient_role');
      expectProblem(await pay(agency, { statement_id: statement.id, method: 'manual', wire_reference: 'X' }), 403, 'payout.manual_platform_only');
      expectProblem(await pay(agency, { statement_id: 'not-a-uuid' }), 400, 'validation.failed');
      expectProblem(await pay(agency, {}), 400, 'validation.failed');
      expectProblem(await pay(admin, { statement_id: statement.id, method: 'manual' }), 400, 'validation.failed');
      expectProblem(await pay(other, { statement_id: statement.id }), 404, 'statement.not_found');
      expectProblem(await pay(agency, { statement_id: randomUUID() }), 404, 'statement.not_found');
      expect(await counts()).toEqual(before);
      expect(await payable(agency)).toBe(300);
    });

    it('answers another partner’s payout 404, and lists only one’s own', async () => {
      const { agency } = await onboardedAgency();
      const statement = await aStatement(agency, 2_500);
      const other = await anAgency(t).build();
      const paid = await pay(agency, { statement_id: statement.id }).expect(201);
      expectProblem(await t.http.get(`/v1/payouts/${paid.body.id}`).set(other.auth), 404, 'payout.not_found');
      expectProblem(await t.http.get(`/v1/payouts/${randomUUID()}`).set(agency.auth), 404, 'payout.not_found');
      expectProblem(await t.http.get('/v1/payouts/not-a-uuid').set(agency.auth), 404, 'payout.not_found');
      expectProblem(await t.http.get('/v1/payouts').set(lender.auth), 403, 'auth.wrong_org_kind');
      expect((await t.http.get('/v1/payouts').set(other.auth).expect(200)).body.data).toEqual([]);
      expect((await t.http.get(`/v1/payouts/${paid.body.id}`).set(admin.auth).expect(200)).body.id).toBe(paid.body.id);
    });
  });
});
