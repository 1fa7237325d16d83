import { randomUUID } from 'node:crypto';
import { money } from '../../src/common/money';
import { commissionEarned } from '../../src/ledger/domain/posting-rules';
import { LedgerService } from '../../src/ledger/ledger.service';
import { addUser, aLender, anAgency, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { eventually } from '../support/eventually';
import { createTestApp, TestApp } from '../support/test-app';

/** Payouts to partners through Stripe Connect or a recorded wire (issue 14). */
describe('payouts', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let lender: OrgSession;
  let admin: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    ledger = t.app.get(LedgerService);
    lender = await aLender(t).build();
    admin = await loginPlatformAdmin(t);
  });
  afterAll(() => t.close());

  /** A commission the partner earned, posted through the ledger's own rule. */
  const earn = (partner: OrgSession, amount: number, currency = 'USD') =>
    t.db.transaction((m) =>
      ledger.post(m, {
        idempotencyKey: randomUUID(),
        reason: 'job',
        reasonId: randomUUID(),
        entries: commissionEarned({ lenderOrgId: lender.orgId, partnerOrgId: partner.orgId, commission: money(amount, currency), platformFee: money(0, currency) }),
      }),
    );
  // `+ 0`: LedgerService.balance answers -0 for a credit-normal account at zero.
  const payable = async (partner: OrgSession, currency = 'USD') => (await ledger.balance(t.db.manager, { orgId: partner.orgId, purpose: 'partner_payable' }, currency)).amount + 0;
  const counts = async () => {
    const [row] = await t.db.query(`SELECT (SELECT count(*)::int FROM payouts) AS payouts, (SELECT count(*)::int FROM ledger_transactions) AS transactions`);
    return { ...row, stripe: t.stripe.requests.length };
  };
  /** An agency onboarded to Stripe Connect and owed `amount`. */
  const onboardedAgency = async (amount: number) => {
    const agency = await anAgency(t).build();
    const opened = await t.http.post('/v1/partner-profile/payout-account').set(agency.auth).expect(201);
    t.stripe.completeOnboarding(opened.body.stripe_account_id);
    await t.stripe.deliverPending();
    if (amount > 0) await earn(agency, amount);
    return { agency, account: opened.body.stripe_account_id as string };
  };

  it('pays once when twenty requests race: one transfer at Stripe, one posting; the webhook settles it', async () => {
    const { agency, account } = await onboardedAgency(12_345);
    const transfersBefore = t.stripe.requestsTo('POST', '/v1/transfers').length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD' })));
    const paid = answers.filter((r) => r.status === 201);
    expect(paid).toHaveLength(1);
    for (const refused of answers.filter((r) => r.status !== 201)) expectProblem(refused, 422, 'payout.nothing_payable');
    expect(paid[0]!.body).toMatchObject({ partner_org_id: agency.orgId, amount: { amount: 12_345, currency: 'USD' }, method: 'stripe_transfer', status: 'paid', attempt: 1, confirmed_at: null, failure: null });

    const transfers = t.stripe.requestsTo('POST', '/v1/transfers').slice(transfersBefore);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ status: 200, idempotencyKey: `partner-${agency.orgId}-USD-1`, params: { amount: '12345', currency: 'usd', destination: account } });
    expect(t.stripe.object(paid[0]!.body.stripe_transfer_id)).toMatchObject({ amount: 12_345, destination: account });
    expect(await payable(agency)).toBe(0);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reason = 'payout' AND reason_id = $1`, [paid[0]!.body.id])).toEqual([{ n: 1 }]);

    const event = t.stripe.lastEvent('transfer.created');
    t.stripe.pending.splice(0);
    expect((await t.stripe.deliver(event)).body).toMatchObject({ outcome: 'applied' });
    expect((await t.stripe.deliver(event.id)).body).toMatchObject({ outcome: 'duplicate' });
    const read = await t.http.get(`/v1/payouts/${paid[0]!.body.id}`).set(agency.auth).expect(200);
    expect(read.body.confirmed_at).toEqual(expect.any(String));
    expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reason = 'payout' AND reason_id = $1`, [paid[0]!.body.id])).toEqual([{ n: 2 }]);
    const inbox = await eventually(async () => {
      const rows: { event_type: string }[] = await t.db.query(`SELECT event_type FROM inbox_notifications WHERE user_id = $1 ORDER BY event_type`, [agency.userId]);
      return rows.length >= 2 && rows;
    }, 20_000, 'the partner’s inbox');
    expect(inbox.map((r) => r.event_type)).toEqual(['payout.paid', 'payout_account.updated']);
  });

  it('leaves the payable open and says why when Stripe refuses the transfer; the next request tries again under a new key', async () => {
    const { agency } = await onboardedAgency(5_000);
    const transactions = (await counts()).transactions;
    t.stripe.refuseNextTransferForInsufficientFunds();
    const declined = expectProblem(await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD' }), 422, 'payout.transfer_declined');
    expect(declined).toMatchObject({ stripe_code: 'balance_insufficient', payable: { amount: 5_000, currency: 'USD' }, payout_id: expect.any(String) });
    expect(await payable(agency)).toBe(5_000);
    expect((await counts()).transactions).toBe(transactions);
    const listed = await t.http.get('/v1/payouts').set(agency.auth).expect(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: declined.payout_id, status: 'failed', failure: { code: 'balance_insufficient', message: expect.stringContaining('insufficient available funds') } })]);

    const retried = await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD' }).expect(201);
    expect(retried.body).toMatchObject({ status: 'paid', attempt: 2 });
    expect(t.stripe.requestsTo('POST', '/v1/transfers').at(-1)).toMatchObject({ status: 200, idempotencyKey: `partner-${agency.orgId}-USD-2` });
    expect(await payable(agency)).toBe(0);
  });

  it('lets a platform admin record a wire for a partner paid off-platform, without Stripe', async () => {
    const agency = await anAgency(t).build();
    await earn(agency, 7_700, 'EUR');
    const stripeBefore = t.stripe.requests.length;
    const wire = await t.http.post('/v1/payouts').set(admin.auth).send({ partner_org_id: agency.orgId, currency: 'EUR', method: 'manual', wire_reference: 'WIRE-2026-0042' }).expect(201);
    expect(wire.body).toMatchObject({ method: 'manual', status: 'paid', wire_reference: 'WIRE-2026-0042', stripe_transfer_id: null, amount: { amount: 7_700, currency: 'EUR' } });
    expect(t.stripe.requests.length).toBe(stripeBefore);
    expect(await payable(agency, 'EUR')).toBe(0);
    expect((await ledger.balance(t.db.manager, { orgId: null, purpose: 'cash' }, 'EUR')).amount).toBe(-7_700);
    const all = await t.http.get(`/v1/payouts?partner_org_id=${agency.orgId}`).set(admin.auth).expect(200);
    expect(all.body.data.map((p: { id: string }) => p.id)).toEqual([wire.body.id]);
  });

  it('reopens the payable when Stripe reverses the transfer', async () => {
    const { agency } = await onboardedAgency(900);
    const paid = await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD' }).expect(201);
    await t.stripe.deliverPending();
    await t.stripe.sdk().transfers.createReversal(paid.body.stripe_transfer_id);
    const [reversal] = await t.stripe.deliverInOrder(['transfer.reversed']);
    expect(reversal).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect((await t.http.get(`/v1/payouts/${paid.body.id}`).set(agency.auth)).body.status).toBe('reversed');
    expect(await payable(agency)).toBe(900);
  });

  it('pays nothing more when Stripe holds an unrecorded attempt under the same key for another amount (409)', async () => {
    const { agency, account } = await onboardedAgency(4_000);
    // An attempt that reached Stripe but whose commit was lost, when the payable was smaller.
    await t.stripe.sdk().transfers.create({ amount: 3_000, currency: 'usd', destination: account }, { idempotencyKey: `partner-${agency.orgId}-USD-1` });
    const before = await counts();
    const refused = expectProblem(await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD' }), 409, 'payout.needs_reconciliation');
    expect(refused.stripe_idempotency_key).toBe(`partner-${agency.orgId}-USD-1`);
    expect(await counts()).toEqual({ ...before, stripe: before.stripe + 1 });
    expect(await payable(agency)).toBe(4_000);
  });

  describe('refusals write nothing', () => {
    it('without a payout account, before onboarding finished, or with nothing owed: 422', async () => {
      const noAccount = await anAgency(t).build();
      await earn(noAccount, 100);
      const notReady = await anAgency(t).build();
      await t.http.post('/v1/partner-profile/payout-account').set(notReady.auth).expect(201);
      await earn(notReady, 100);
      const { agency: owedNothing } = await onboardedAgency(0);
      const before = await counts();
      expectProblem(await t.http.post('/v1/payouts').set(noAccount.auth).send({ currency: 'USD' }), 422, 'payout.no_payout_account');
      const pending = expectProblem(await t.http.post('/v1/payouts').set(notReady.auth).send({ currency: 'USD' }), 422, 'payout.account_not_ready');
      expect(pending.requirements_due).toEqual(expect.arrayContaining(['external_account']));
      expectProblem(await t.http.post('/v1/payouts').set(owedNothing.auth).send({ currency: 'USD' }), 422, 'payout.nothing_payable');
      expect(await counts()).toEqual(before);
    });

    it('refuses other kinds and roles (403), manual payouts by partners (403), bad input (400) and another org (404)', async () => {
      const { agency } = await onboardedAgency(300);
      const other = await anAgency(t).build();
      const agent = await addUser(t, agency, 'agent');
      const before = await counts();
      expectProblem(await t.http.post('/v1/payouts').set(lender.auth).send({ currency: 'USD' }), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post('/v1/payouts').set(agent.auth).send({ currency: 'USD' }), 403, 'auth.insufficient_role');
      expectProblem(await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD', method: 'manual', wire_reference: 'X' }), 403, 'payout.manual_platform_only');
      expectProblem(await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'usd' }), 400, 'validation.failed');
      expectProblem(await t.http.post('/v1/payouts').set(agency.auth).send({}), 400, 'validation.failed');
      expectProblem(await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD', partner_org_id: other.orgId }), 404, 'partner.not_found');
      expectProblem(await t.http.post('/v1/payouts').set(admin.auth).send({ currency: 'USD' }), 400, 'validation.failed');
      expectProblem(await t.http.post('/v1/payouts').set(admin.auth).send({ currency: 'USD', partner_org_id: agency.orgId, method: 'manual' }), 400, 'validation.failed');
      expect(await counts()).toEqual(before);
    });

    it('answers another partner’s payout 404, and lists only one’s own', async () => {
      const { agency } = await onboardedAgency(250);
      const other = await anAgency(t).build();
      const paid = await t.http.post('/v1/payouts').set(agency.auth).send({ currency: 'USD' }).expect(201);
      expectProblem(await t.http.get(`/v1/payouts/${paid.body.id}`).set(other.auth), 404, 'payout.not_found');
      expectProblem(await t.http.get(`/v1/payouts/${randomUUID()}`).set(agency.auth), 404, 'payout.not_found');
      expectProblem(await t.http.get('/v1/payouts/not-a-uuid').set(agency.auth), 404, 'payout.not_found');
      expectProblem(await t.http.get('/v1/payouts').set(lender.auth), 403, 'auth.wrong_org_kind');
      expect((await t.http.get('/v1/payouts').set(other.auth).expect(200)).body.data).toEqual([]);
      expect((await t.http.get(`/v1/payouts/${paid.body.id}`).set(admin.auth).expect(200)).body.id).toBe(paid.body.id);
    });
  });
});
