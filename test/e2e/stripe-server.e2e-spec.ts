import Stripe from 'stripe';
import { StripeServer } from '../support/stripe-server/stripe-server';

/** The test Stripe server, driven by the real SDK: what the app's tests rely on. */
describe('Stripe test server', () => {
  let server: StripeServer;
  let stripe: Stripe;
  const received: { payload: string; signature: string }[] = [];

  beforeAll(async () => {
    server = await StripeServer.start();
    stripe = new Stripe(server.secretKey, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
    server.sendWebhooksWith(async (payload, headers) => {
      received.push({ payload, signature: headers['stripe-signature']! });
      return { status: 200, body: { received: true } };
    });
  });
  afterAll(() => server.close());

  it('creates Express accounts and onboarding links, and a test flips their state with a signed account.updated', async () => {
    const account = await stripe.accounts.create({ type: 'express', country: 'US', email: 'ops@agency.test', metadata: { org_id: 'org-1' }, capabilities: { transfers: { requested: true } } });
    expect(account).toMatchObject({ object: 'account', type: 'express', charges_enabled: false, payouts_enabled: false, details_submitted: false, metadata: { org_id: 'org-1' } });
    const link = await stripe.accountLinks.create({ account: account.id, refresh_url: 'https://app.test/r', return_url: 'https://app.test/done', type: 'account_onboarding' });
    expect(link).toMatchObject({ object: 'account_link', url: expect.stringContaining(account.id) });

    server.completeOnboarding(account.id);
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });
    await server.deliverPending();
    const last = received.at(-1)!;
    const event = stripe.webhooks.constructEvent(last.payload, last.signature, server.webhookSecret);
    expect(event).toMatchObject({ type: 'account.updated', account: account.id, data: { object: { id: account.id, payouts_enabled: true }, previous_attributes: { payouts_enabled: false } } });
    expect(() => stripe.webhooks.constructEvent(last.payload, last.signature, 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('holds a manual-capture payment intent, captures part of it, refunds, and cancels another', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 50_000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    expect(intent).toMatchObject({ status: 'requires_capture', amount_capturable: 50_000, amount_received: 0 });
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 30_000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 30_000, amount_capturable: 0 });
    expect(server.object(captured.latest_charge as string)).toMatchObject({ captured: true, amount_captured: 30_000, amount_refunded: 20_000 });
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 10_000 });
    expect(refund).toMatchObject({ object: 'refund', amount: 10_000, status: 'succeeded' });
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 25_000 })).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'amount_too_large' });
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });

    const other = await stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', capture_method: 'manual' });
    expect(other.status).toBe('requires_payment_method');
    expect(await stripe.paymentIntents.cancel(other.id, { cancellation_reason: 'abandoned' })).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(server.pending.map((e) => e.type)).toEqual(
      expect.arrayContaining(['payment_intent.amount_capturable_updated', 'charge.captured', 'payment_intent.succeeded', 'charge.refunded', 'payment_intent.canceled']),
    );
  });

  it('declines a card as Stripe does (402 card_error) when armed or with a declining test card', async () => {
    server.declineNextCard('insufficient_funds');
    const intent = await stripe.paymentIntents.create({ amount: 2_000, currency: 'usd', capture_method: 'manual' });
    await expect(stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      payment_intent: { id: intent.id, status: 'requires_payment_method' },
    });
    await expect(stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' })).rejects.toMatchObject({ decline_code: 'generic_decline' });
    expect(await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).toMatchObject({ status: 'requires_capture' });
  });

  it('answers an idempotent retry with the first answer, and another request under the same key with idempotency_error', async () => {
    const account = await stripe.accounts.create({ type: 'express' });
    server.completeOnboarding(account.id);
    const first = await stripe.transfers.create({ amount: 700, currency: 'usd', destination: account.id }, { idempotencyKey: 'statement-1' });
    const again = await stripe.transfers.create({ amount: 700, currency: 'usd', destination: account.id }, { idempotencyKey: 'statement-1' });
    expect(again.id).toBe(first.id);
    await expect(stripe.transfers.create({ amount: 701, currency: 'usd', destination: account.id }, { idempotencyKey: 'statement-1' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      rawType: 'idempotency_error',
      statusCode: 400,
    });
    expect(server.objectsOf('transfer').filter((t) => t.destination === account.id)).toHaveLength(1);
    expect(server.requestsTo('POST', '/v1/transfers').filter((r) => r.idempotencyKey === 'statement-1').map((r) => [r.status, r.replayed])).toEqual([
      [200, false],
      [200, true],
      [400, false],
    ]);
  });

  it('refuses transfers the balance cannot cover, to accounts without transfers, and when armed', async () => {
    const account = await stripe.accounts.create({ type: 'custom', country: 'US' });
    await expect(stripe.transfers.create({ amount: 100, currency: 'usd', destination: account.id })).rejects.toMatchObject({ code: 'insufficient_capabilities_for_transfer' });
    server.completeOnboarding(account.id);
    server.refuseNextTransferForInsufficientFunds();
    await expect(stripe.transfers.create({ amount: 100, currency: 'usd', destination: account.id })).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'balance_insufficient' });
    server.setBalance('eur', 50);
    await expect(stripe.transfers.create({ amount: 100, currency: 'eur', destination: account.id })).rejects.toMatchObject({ code: 'balance_insufficient' });
    const balance = await stripe.balance.retrieve();
    expect(balance.available).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'eur', amount: 50 })]));
    await expect(stripe.transfers.retrieve('tr_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('refuses a wrong API key with 401', async () => {
    const wrong = new Stripe('sk_test_wrong_key_123456', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
    await expect(wrong.balance.retrieve()).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
  });
});
