import { anAgency, aLender, addUser, aBuyer } from '../support/factories';
import { LedgerService } from '../../src/ledger/ledger.service';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

/** Stripe webhooks and Connect onboarding (issue 14) against the test Stripe server. */
describe('Stripe webhooks and payout accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const webhook = (payload: string, signature?: string) => {
    const req = t.http.post('/v1/payments/stripe/webhook').set('content-type', 'application/json');
    return (signature === undefined ? req : req.set('stripe-signature', signature)).send(payload);
  };

  describe('onboarding', () => {
    it('creates one connected account per partner, a fresh onboarding link on every call, and tracks its status from account.updated', async () => {
      const agency = await anAgency(t).build();
      const first = await t.http.post('/v1/partner-profile/payout-account').set(agency.auth);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'onboarding', charges_enabled: false, payouts_enabled: false, details_submitted: false, onboarding_url: expect.stringContaining(first.body.stripe_account_id) });
      expect(t.stripe.object(first.body.stripe_account_id)).toMatchObject({ type: 'express', metadata: { org_id: agency.orgId } });

      const second = await t.http.post('/v1/partner-profile/payout-account').set(agency.auth);
      expect(second.status).toBe(200);
      expect(second.body.stripe_account_id).toBe(first.body.stripe_account_id);
      expect(second.body.onboarding_url).not.toBe(first.body.onboarding_url);
      expect(t.stripe.requestsTo('POST', '/v1/accounts')).toHaveLength(1);
      expect(t.stripe.requestsTo('POST', '/v1/account_links')).toHaveLength(2);

      t.stripe.completeOnboarding(first.body.stripe_account_id);
      const [delivery] = await t.stripe.deliverPending();
      expect(delivery).toMatchObject({ type: 'account.updated', status: 200, body: { outcome: 'applied' } });
      const read = await t.http.get('/v1/partner-profile/payout-account').set(agency.auth).expect(200);
      expect(read.body).toMatchObject({ status: 'enabled', payouts_enabled: true, details_submitted: true, requirements_due: [], onboarding_url: null });
    });

    it('makes one account when the first two calls race', async () => {
      const agency = await anAgency(t).build();
      const before = t.stripe.objectsOf('account').length;
      const answers = await Promise.all([1, 2, 3].map(() => t.http.post('/v1/partner-profile/payout-account').set(agency.auth)));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(answers.map((r) => r.body.stripe_account_id)).size).toBe(1);
      expect(t.stripe.objectsOf('account').length).toBe(before + 1);
    });

    it('refuses lenders, buyers and agents with 403, and answers 404 before an account exists; nothing reaches Stripe', async () => {
      const before = t.stripe.requests.length;
      const lender = await aLender(t).build();
      const buyer = await aBuyer(t).build();
      const agency = await anAgency(t).build();
      const agent = await addUser(t, agency, 'agent');
      const rows = await count('payout_accounts');
      expectProblem(await t.http.post('/v1/partner-profile/payout-account').set(lender.auth), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post('/v1/partner-profile/payout-account').set(buyer.auth), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.post('/v1/partner-profile/payout-account').set(agent.auth), 403, 'auth.insufficient_role');
      expectProblem(await t.http.get('/v1/partner-profile/payout-account').set(agency.auth), 404, 'payout_account.not_found');
      expect(await count('payout_accounts')).toBe(rows);
      expect(t.stripe.requests.length).toBe(before);
    });
  });

  describe('signature', () => {
    it('refuses a missing, forged, stale-secret or tampered signature with 400 and stores nothing', async () => {
      const agency = await anAgency(t).build();
      const opened = await t.http.post('/v1/partner-profile/payout-account').set(agency.auth).expect(201);
      const event = t.stripe.completeOnboarding(opened.body.stripe_account_id);
      t.stripe.pending.splice(0);
      const payload = JSON.stringify(event);
      expect(payload).toContain('"payouts_enabled":true');
      const events = await count('stripe_events');
      const signed = t.stripe.webhooks.generateTestHeaderString({ payload, secret: t.stripe.webhookSecret });

      expectProblem(await webhook(payload), 400, 'stripe.bad_signature');
      expectProblem(await webhook(payload, 't=1,v1=deadbeef'), 400, 'stripe.bad_signature');
      expectProblem(await webhook(payload, t.stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' })), 400, 'stripe.bad_signature');
      expectProblem(await webhook(payload.replace('"payouts_enabled":true', '"payouts_enabled":false'), signed), 400, 'stripe.bad_signature');
      const old = t.stripe.webhooks.generateTestHeaderString({ payload, secret: t.stripe.webhookSecret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
      expectProblem(await webhook(payload, old), 400, 'stripe.bad_signature');
      expectProblem(await t.http.post('/v1/payments/stripe/webhook').set('stripe-signature', signed).set('content-type', 'text/plain').send(payload), 400, 'stripe.bad_signature');

      expect(await count('stripe_events')).toBe(events);
      expect((await t.http.get('/v1/partner-profile/payout-account').set(agency.auth)).body).toMatchObject({ status: 'onboarding', payouts_enabled: false });

      expect((await webhook(payload, signed)).body).toEqual({ event_id: event.id, type: 'account.updated', outcome: 'applied' });
    });
  });

  describe('delivery', () => {
    it('handles the same event twice once', async () => {
      const stripe = t.stripe.sdk();
      const intent = await stripe.paymentIntents.create({ amount: 25_000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
      t.stripe.pending.splice(0);
      const event = t.stripe.lastEvent('payment_intent.amount_capturable_updated');
      const first = await t.stripe.deliver(event);
      const again = await t.stripe.deliver(event.id);
      expect([first.body, again.body]).toEqual([
        { event_id: event.id, type: event.type, outcome: 'applied' },
        { event_id: event.id, type: event.type, outcome: 'duplicate' },
      ]);
      expect(await t.db.query(`SELECT outcome FROM stripe_events WHERE id = $1`, [event.id])).toEqual([{ outcome: 'applied' }]);
      expect(await t.db.query(`SELECT status, amount, currency FROM stripe_objects WHERE stripe_id = $1`, [intent.id])).toEqual([{ status: 'requires_capture', amount: '25000', currency: 'USD' }]);
    });

    it('handles twenty parallel redeliveries of one event once', async () => {
      const stripe = t.stripe.sdk();
      await stripe.paymentIntents.create({ amount: 500, currency: 'usd', capture_method: 'manual' });
      t.stripe.pending.splice(0);
      const event = t.stripe.lastEvent('payment_intent.created');
      const answers = await Promise.all(Array.from({ length: 20 }, () => t.stripe.deliver(event.id)));
      expect(answers.map((a) => (a.body as { outcome: string }).outcome).sort()).toEqual(['applied', ...Array(19).fill('duplicate')]);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM stripe_events WHERE id = $1`, [event.id])).toEqual([{ n: 1 }]);
    });

    it('never moves an object backwards when events arrive out of order', async () => {
      const stripe = t.stripe.sdk();
      const intent = await stripe.paymentIntents.create({ amount: 40_000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
      await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 30_000 });
      const answers = await t.stripe.deliverInOrder(['payment_intent.succeeded', 'charge.captured', 'payment_intent.amount_capturable_updated', 'charge.succeeded', 'payment_intent.created']);
      expect(answers.map((a) => [a.type, (a.body as { outcome: string }).outcome])).toEqual([
        ['payment_intent.succeeded', 'applied'],
        ['charge.captured', 'applied'],
        ['payment_intent.amount_capturable_updated', 'behind'],
        ['charge.succeeded', 'behind'],
        ['payment_intent.created', 'behind'],
      ]);
      const rows = await t.db.query(`SELECT object_type, status FROM stripe_objects WHERE stripe_id IN ($1, $2) ORDER BY object_type`, [intent.id, t.stripe.object<{ latest_charge: string }>(intent.id).latest_charge]);
      expect(rows).toEqual([
        { object_type: 'charge', status: 'captured' },
        { object_type: 'payment_intent', status: 'succeeded' },
      ]);
    });

    it('keeps the current account state whatever order account.updated events arrive in', async () => {
      const agency = await anAgency(t).build();
      const opened = await t.http.post('/v1/partner-profile/payout-account').set(agency.auth).expect(201);
      const id = opened.body.stripe_account_id;
      const enabled = t.stripe.completeOnboarding(id);
      const restricted = t.stripe.updateAccount(id, { payouts_enabled: false });
      t.stripe.pending.splice(0);
      await t.stripe.deliver(restricted);
      await t.stripe.deliver(enabled);
      expect((await t.http.get('/v1/partner-profile/payout-account').set(agency.auth)).body).toMatchObject({ status: 'restricted', details_submitted: true, payouts_enabled: false });
    });

    it('answers 409 (Stripe sends it again later) for a transfer of a payout not recorded yet, storing nothing', async () => {
      const stripe = t.stripe.sdk();
      const account = await stripe.accounts.create({ type: 'express' });
      t.stripe.completeOnboarding(account.id);
      await stripe.transfers.create({ amount: 100, currency: 'usd', destination: account.id, metadata: { payout_key: 'partner-unknown-USD-1' } });
      const event = t.stripe.lastEvent('transfer.created');
      t.stripe.pending.splice(0);
      const events = await count('stripe_events');
      const answer = await t.stripe.deliver(event);
      expect(answer).toMatchObject({ status: 409, body: { code: 'stripe.payout_not_recorded' } });
      expect(await count('stripe_events')).toBe(events);
    });

    it('posts a captured deposit to escrow and each refund back, once, whatever the order', async () => {
      const buyer = await aBuyer(t).build();
      const ledger = t.app.get(LedgerService);
      const escrow = async () => (await ledger.balance(t.db.manager, { orgId: buyer.orgId, purpose: 'auction_escrow' }, 'USD')).amount + 0;
      const stripe = t.stripe.sdk();
      const intent = await stripe.paymentIntents.create({ amount: 50_000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, metadata: { reclaim_purpose: 'auction_deposit', org_id: buyer.orgId } });
      await t.stripe.deliverPending();
      expect(await escrow()).toBe(0);
      await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 30_000 });
      await stripe.refunds.create({ payment_intent: intent.id, amount: 10_000 });
      // The refund arrives before the capture: refused (Stripe retries), then accepted after it.
      const [early] = await t.stripe.deliverInOrder(['refund.created']);
      expect(early).toMatchObject({ status: 409, body: { code: 'stripe.capture_not_seen' } });
      await t.stripe.deliverPending();
      expect(await escrow()).toBe(30_000);
      expect((await t.stripe.deliver(t.stripe.lastEvent('refund.created'))).body).toMatchObject({ outcome: 'applied' });
      expect(await escrow()).toBe(20_000);
      await t.stripe.deliver(t.stripe.lastEvent('payment_intent.succeeded').id);
      await t.stripe.deliver(t.stripe.lastEvent('refund.created').id);
      expect(await escrow()).toBe(20_000);
    });

    it('tracks a connected account’s payouts to its bank: a paid payout may still fail, a failed one stays failed', async () => {
      const account = await t.stripe.sdk().accounts.create({ type: 'express' });
      t.stripe.pending.splice(0);
      const payout = t.stripe.payout(account.id, 4_200, 'usd', 'failed');
      const [created, failed] = t.stripe.pending.splice(0);
      const paid = { ...failed!, id: `${failed!.id}_paid`, type: 'payout.paid', data: { object: { ...failed!.data.object, status: 'paid', failure_code: null } } };
      const outcomes = [];
      for (const event of [paid, failed!, created!]) outcomes.push(((await t.stripe.deliver(event)).body as { outcome: string }).outcome);
      expect(outcomes).toEqual(['applied', 'applied', 'behind']);
      expect(await t.db.query(`SELECT status, account FROM stripe_objects WHERE stripe_id = $1`, [payout.id])).toEqual([{ status: 'failed', account: account.id }]);
    });

    it('stores and ignores events it does not track, and accounts it does not know', async () => {
      const unknown = t.stripe.updateAccount((await t.stripe.sdk().accounts.create({ type: 'express' })).id, { details_submitted: true });
      t.stripe.pending.splice(0);
      expect((await t.stripe.deliver(unknown)).body).toMatchObject({ outcome: 'ignored' });
    });
  });
});

describe('without Stripe configured', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', STRIPE_API_HOST: '' });
  });
  afterAll(() => t.close());

  it('answers 503 stripe.not_configured where Stripe is needed, and writes nothing', async () => {
    const agency = await anAgency(t).build();
    expectProblem(await t.http.post('/v1/partner-profile/payout-account').set(agency.auth), 503, 'stripe.not_configured');
    expectProblem(await t.http.post('/v1/payments/stripe/webhook').set('content-type', 'application/json').set('stripe-signature', 't=1,v1=x').send('{"id":"evt_1"}'), 503, 'stripe.not_configured');
    expect(await t.db.query(`SELECT (SELECT count(*)::int FROM payout_accounts) AS accounts, (SELECT count(*)::int FROM stripe_events) AS events`)).toEqual([{ accounts: 0, events: 0 }]);
    expect(t.stripe.requests).toEqual([]);
  });
});
