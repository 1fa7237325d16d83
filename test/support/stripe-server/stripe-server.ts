import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { canonical, Params, parseForm } from './form';
import { StripeApiError, StripeErrors } from './stripe-errors';

/** Every request that reached "Stripe", for tests to assert on. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Params;
  readonly idempotencyKey: string | null;
  readonly status: number;
  /** The answer was a stored one (same idempotency key, same parameters). */
  readonly replayed: boolean;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: string;
  livemode: false;
  pending_webhooks: number;
  /** Set on Connect events about a connected account (account.updated, its payouts). */
  account?: string;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
}

export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly status: number;
  readonly body: unknown;
}

/** How an event reaches the app: its exact JSON text and the headers Stripe sends with it. */
export type WebhookSender = (payload: string, headers: Record<string, string>) => Promise<{ status: number; body: unknown }>;

/** Operations a test can make fail once (the next call only). */
export type FailingOperation = 'payment_intents.create' | 'payment_intents.confirm' | 'payment_intents.capture' | 'transfers.create' | 'refunds.create' | 'accounts.create';

type StripeObject = Record<string, unknown> & { id: string; object: string };

interface StoredAnswer {
  readonly method: string;
  readonly path: string;
  readonly params: string;
  readonly status: number;
  readonly body: unknown;
}

const API_VERSION = Stripe.API_VERSION ?? '2025-01-01';

/**
 * A Stripe-compatible HTTP server for tests (plain node:http): the resources Reclaim uses —
 * Connect accounts and account links, payment intents with manual capture, captures (partial
 * too), cancellations, refunds, transfers and the balance — taking form-encoded bodies as the SDK
 * sends them and answering Stripe's JSON objects and error shapes. Idempotency keys behave as
 * Stripe's (same key + same parameters → the stored answer, other parameters → 400
 * `idempotency_error`). State changes queue signed webhook events a test delivers, re-sends or
 * reorders; every request is recorded.
 */
export class StripeServer {
  readonly requests: RecordedRequest[] = [];
  /** Every event created, in order. */
  readonly events: StripeEvent[] = [];
  /** Events created and not yet delivered (deliverPending sends them in order). */
  readonly pending: StripeEvent[] = [];
  readonly deliveries: Delivery[] = [];
  readonly webhooks = new Stripe('sk_test_signing_only').webhooks;

  private readonly objects = new Map<string, StripeObject>();
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly failures = new Map<FailingOperation, StripeApiError[]>();
  /** The platform's available balance per currency (lower case, as Stripe writes it). */
  private readonly available = new Map<string, number>();
  private sender: WebhookSender | null = null;
  private autoDeliver = false;
  private readonly server: Server;

  private constructor(
    readonly secretKey: string,
    readonly webhookSecret: string,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: { secretKey?: string; webhookSecret?: string; balance?: Record<string, number>; port?: number } = {}): Promise<StripeServer> {
    const server = new StripeServer(options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`, options.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`);
    for (const [currency, amount] of Object.entries(options.balance ?? { usd: 100_000_000, eur: 100_000_000, gbp: 100_000_000 })) server.available.set(currency, amount);
    await new Promise<void>((resolve) => server.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return server;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The app's Stripe settings pointing at this server. */
  env(): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: this.secretKey,
      STRIPE_WEBHOOK_SECRET: this.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(this.port),
      STRIPE_API_PROTOCOL: 'http',
    };
  }

  /** The real SDK pointed at this server, for a test acting as another Stripe client. */
  sdk(): Stripe {
    return new Stripe(this.secretKey, { host: '127.0.0.1', port: this.port, protocol: 'http', maxNetworkRetries: 0 });
  }

  /** Where events go; with `auto`, each is delivered as soon as it is created (after the API answer). */
  sendWebhooksWith(sender: WebhookSender, options: { auto?: boolean } = {}): void {
    this.sender = sender;
    this.autoDeliver = options.auto ?? false;
  }

  /** Turns delivery as events happen on or off (the sender stays). */
  deliverAutomatically(on: boolean): void {
    this.autoDeliver = on;
  }

  /** Sends events to an HTTP URL, as Stripe does. */
  sendWebhooksTo(url: string, options: { auto?: boolean } = {}): void {
    this.sendWebhooksWith(async (payload, headers) => {
      const res = await fetch(url, { method: 'POST', headers, body: payload });
      const text = await res.text();
      return { status: res.status, body: text ? safeJson(text) : null };
    }, options);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test controls --------------------------------------------------------------------------

  /** The next call of `operation` fails with this Stripe error (card declined, balance insufficient, …). */
  failNext(operation: FailingOperation, error: StripeApiError): void {
    this.failures.set(operation, [...(this.failures.get(operation) ?? []), error]);
  }

  declineNextCard(declineCode = 'generic_decline'): void {
    this.failNext('payment_intents.confirm', StripeErrors.cardDeclined(declineCode));
  }

  /** The next transfer is refused as Stripe refuses one the platform balance cannot cover. */
  refuseNextTransferForInsufficientFunds(): void {
    this.failNext('transfers.create', StripeErrors.balanceInsufficient());
  }

  setBalance(currency: string, amount: number): void {
    this.available.set(currency.toLowerCase(), amount);
  }

  object<T extends Record<string, unknown> = Record<string, unknown>>(id: string): T {
    const found = this.objects.get(id);
    if (!found) throw new Error(`the Stripe test server has no object ${id}`);
    return structuredClone(found) as T;
  }

  objectsOf(type: string): StripeObject[] {
    return [...this.objects.values()].filter((o) => o.object === type).map((o) => structuredClone(o));
  }

  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  /**
   * A connected account's state changes as Stripe's onboarding would change it (e.g. the partner
   * finished onboarding: `{ details_submitted: true, charges_enabled: true, payouts_enabled: true }`),
   * with its `account.updated` event.
   */
  updateAccount(id: string, changes: { charges_enabled?: boolean; payouts_enabled?: boolean; details_submitted?: boolean }): StripeEvent {
    const account = this.find('account', id);
    const previous = Object.fromEntries(Object.keys(changes).map((k) => [k, account[k]]));
    Object.assign(account, changes);
    account.capabilities = { transfers: account.payouts_enabled ? 'active' : 'inactive' };
    account.requirements = requirementsOf(account);
    return this.emit('account.updated', account, { previous, account: id });
  }

  completeOnboarding(accountId: string): StripeEvent {
    return this.updateAccount(accountId, { details_submitted: true, charges_enabled: true, payouts_enabled: true });
  }

  /** A payout from a connected account's balance to its bank: payout.created, then payout.paid or payout.failed. */
  payout(accountId: string, amount: number, currency: string, outcome: 'paid' | 'failed' = 'paid'): StripeObject {
    this.find('account', accountId);
    const payout = this.store({
      id: this.id('po'),
      object: 'payout',
      amount,
      currency: currency.toLowerCase(),
      status: 'pending',
      arrival_date: now() + 86_400,
      created: now(),
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: {},
    });
    this.emit('payout.created', payout, { account: accountId });
    Object.assign(payout, outcome === 'paid' ? { status: 'paid' } : { status: 'failed', failure_code: 'account_closed', failure_message: 'The bank account has been closed.' });
    this.emit(`payout.${outcome}`, payout, { account: accountId, previous: { status: 'pending' } });
    return structuredClone(payout);
  }

  /** Delivers every pending event in creation order. */
  async deliverPending(): Promise<Delivery[]> {
    const batch = this.pending.splice(0);
    const sent: Delivery[] = [];
    for (const event of batch) sent.push(await this.deliver(event));
    return sent;
  }

  /** Delivers pending events of these types (others stay queued), in the order given: out-of-order tests. */
  async deliverInOrder(types: readonly string[]): Promise<Delivery[]> {
    const sent: Delivery[] = [];
    for (const type of types) {
      const index = this.pending.findIndex((e) => e.type === type);
      if (index < 0) throw new Error(`no pending ${type} event (pending: ${this.pending.map((e) => e.type).join(', ') || 'none'})`);
      const [event] = this.pending.splice(index, 1);
      sent.push(await this.deliver(event!));
    }
    return sent;
  }

  /** Sends one event (again, if it was sent before), signed with the webhook secret unless told otherwise. */
  async deliver(event: StripeEvent | string, options: { secret?: string; signature?: string } = {}): Promise<Delivery> {
    const found = typeof event === 'string' ? this.events.find((e) => e.id === event) : event;
    if (!found) throw new Error(`no event ${String(event)}`);
    if (!this.sender) throw new Error('no webhook target: call sendWebhooksWith or sendWebhooksTo first');
    const index = this.pending.indexOf(found);
    if (index >= 0) this.pending.splice(index, 1);
    const payload = JSON.stringify(found, null, 2);
    const signature = options.signature ?? this.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? this.webhookSecret });
    const { status, body } = await this.sender(payload, { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' });
    const delivery = { eventId: found.id, type: found.type, status, body };
    this.deliveries.push(delivery);
    return delivery;
  }

  lastEvent(type: string): StripeEvent {
    const found = [...this.events].reverse().find((e) => e.type === type);
    if (!found) throw new Error(`no ${type} event (events: ${this.events.map((e) => e.type).join(', ') || 'none'})`);
    return found;
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stripe.test');
    const method = req.method ?? 'GET';
    const params = method === 'GET' ? parseForm(url.searchParams.toString()) : parseForm(Buffer.concat(chunks).toString('utf8'));
    const key = header(req, 'idempotency-key');
    const requestId = `req_${randomBytes(7).toString('hex')}`;
    const answer = (status: number, body: unknown, replayed = false) => {
      this.requests.push({ method, path: url.pathname, params, idempotencyKey: key, status, replayed });
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...(key ? { 'idempotency-key': key } : {}), ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
      res.end(JSON.stringify(body));
      if (this.autoDeliver) setImmediate(() => void this.deliverPending().catch(() => undefined));
    };

    const given = apiKeyOf(header(req, 'authorization') ?? '');
    if (given !== this.secretKey) return answer(401, StripeErrors.badApiKey(given).body());
    if (url.pathname.startsWith('/_test/')) return this.control(method, url.pathname, answer);

    const storeKey = key && method === 'POST' ? `${header(req, 'stripe-account') ?? ''}:${key}` : null;
    if (storeKey) {
      const stored = this.answers.get(storeKey);
      if (stored) {
        if (stored.path !== url.pathname || stored.method !== method) return answer(400, StripeErrors.idempotencyOtherEndpoint(key!).body());
        if (stored.params !== canonical(params)) return answer(400, StripeErrors.idempotencyReused(key!).body());
        return answer(stored.status, stored.body, true);
      }
    }
    this.currentRequest = { id: requestId, idempotency_key: key };
    try {
      const body = this.route(method, url.pathname, params);
      if (storeKey) this.answers.set(storeKey, { method, path: url.pathname, params: canonical(params), status: 200, body });
      answer(200, body);
    } catch (err) {
      if (!(err instanceof StripeApiError)) return answer(500, { error: { type: 'api_error', message: String(err) } });
      // Stripe keeps the answer of a request that began executing (a decline, an insufficient
      // balance), not of one refused while reading its parameters (docs.stripe.com/api/idempotent_requests).
      if (storeKey && err.error.code !== 'parameter_missing' && err.error.type !== 'idempotency_error') {
        this.answers.set(storeKey, { method, path: url.pathname, params: canonical(params), status: err.status, body: err.body() });
      }
      answer(err.status, err.body());
    } finally {
      this.currentRequest = { id: null, idempotency_key: null };
    }
  }

  /**
   * What a test does in code, over HTTP for a demo against a running service
   * (scripts/stripe-test-server.js): finish an account's onboarding, deliver the queued events,
   * read the recorded requests.
   */
  private async control(method: string, path: string, answer: (status: number, body: unknown) => void): Promise<void> {
    const onboarding = /^\/_test\/accounts\/([^/]+)\/complete_onboarding$/.exec(path);
    try {
      if (method === 'POST' && onboarding) return answer(200, this.completeOnboarding(onboarding[1]!));
      if (method === 'POST' && path === '/_test/events/deliver') return answer(200, { deliveries: await this.deliverPending() });
      if (method === 'GET' && path === '/_test/requests') return answer(200, { requests: this.requests });
      throw StripeErrors.unrecognizedUrl(method, path);
    } catch (err) {
      if (err instanceof StripeApiError) return answer(err.status, err.body());
      throw err;
    }
  }

  private currentRequest: { id: string | null; idempotency_key: string | null } = { id: null, idempotency_key: null };

  private route(method: string, path: string, params: Params): unknown {
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'v1') throw StripeErrors.unrecognizedUrl(method, path);
    const [, resource, id, action] = parts;
    const is = (m: string, r: string, withId: boolean, act?: string) => method === m && resource === r && Boolean(id) === withId && action === act;
    if (is('POST', 'accounts', false)) return this.createAccount(params);
    if (is('GET', 'accounts', true)) return this.find('account', id!);
    if (is('POST', 'accounts', true)) return this.updateAccountMetadata(id!, params);
    if (is('POST', 'account_links', false)) return this.createAccountLink(params);
    if (is('POST', 'payment_intents', false)) return this.createPaymentIntent(params);
    if (is('GET', 'payment_intents', true)) return this.find('payment_intent', id!);
    if (is('POST', 'payment_intents', true, 'confirm')) return this.confirm(this.find('payment_intent', id!, 'intent'), params);
    if (is('POST', 'payment_intents', true, 'capture')) return this.capture(this.find('payment_intent', id!, 'intent'), params);
    if (is('POST', 'payment_intents', true, 'cancel')) return this.cancel(this.find('payment_intent', id!, 'intent'), params);
    if (is('GET', 'charges', true)) return this.find('charge', id!);
    if (is('POST', 'refunds', false)) return this.createRefund(params);
    if (is('GET', 'refunds', true)) return this.find('refund', id!);
    if (is('POST', 'transfers', false)) return this.createTransfer(params);
    if (is('GET', 'transfers', true)) return this.find('transfer', id!);
    if (is('POST', 'transfers', true, 'reversals')) return this.reverseTransfer(this.find('transfer', id!), params);
    if (method === 'GET' && resource === 'balance' && !id) return this.balance();
    throw StripeErrors.unrecognizedUrl(method, path);
  }

  // ---- resources ------------------------------------------------------------------------------

  private createAccount(params: Params): StripeObject {
    this.failIfArmed('accounts.create');
    const type = str(params, 'type') ?? (params.controller ? 'none' : 'standard');
    if (!['express', 'custom', 'standard', 'none'].includes(type)) throw StripeErrors.invalid('type', `Invalid type: must be one of express, custom, or standard`, 'parameter_invalid_string');
    const account = this.store({
      id: this.id('acct'),
      object: 'account',
      type,
      country: str(params, 'country') ?? 'US',
      email: str(params, 'email') ?? null,
      default_currency: (str(params, 'default_currency') ?? 'usd').toLowerCase(),
      business_type: str(params, 'business_type') ?? null,
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: 'inactive' },
      metadata: metadataOf(params),
      created: now(),
      livemode: false,
    });
    account.requirements = requirementsOf(account);
    return structuredClone(account);
  }

  private updateAccountMetadata(id: string, params: Params): StripeObject {
    const account = this.find('account', id);
    if (params.metadata) account.metadata = { ...(account.metadata as object), ...metadataOf(params) };
    return structuredClone(account);
  }

  private createAccountLink(params: Params): StripeObject {
    const account = required(params, 'account');
    for (const name of ['refresh_url', 'return_url', 'type']) required(params, name);
    if (!['account_onboarding', 'account_update'].includes(str(params, 'type')!)) throw StripeErrors.invalid('type', 'Invalid type: must be one of account_onboarding or account_update', 'parameter_invalid_string');
    this.find('account', account, 'account');
    return {
      id: this.id('acctlink'),
      object: 'account_link',
      created: now(),
      expires_at: now() + 300,
      url: `http://127.0.0.1:${this.port}/connect/setup/${account}/${randomBytes(6).toString('hex')}`,
    };
  }

  private createPaymentIntent(params: Params): StripeObject {
    const amount = positiveInteger(params, 'amount');
    const currency = required(params, 'currency').toLowerCase();
    const captureMethod = str(params, 'capture_method') ?? 'automatic_async';
    if (!['automatic', 'automatic_async', 'manual'].includes(captureMethod)) throw StripeErrors.invalid('capture_method', 'Invalid capture_method', 'parameter_invalid_string');
    this.failIfArmed('payment_intents.create');
    const intent = this.store({
      id: this.id('pi'),
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency,
      capture_method: captureMethod,
      confirmation_method: 'automatic',
      status: str(params, 'payment_method') ? 'requires_confirmation' : 'requires_payment_method',
      payment_method: str(params, 'payment_method') ?? null,
      customer: str(params, 'customer') ?? null,
      description: str(params, 'description') ?? null,
      metadata: metadataOf(params),
      transfer_group: str(params, 'transfer_group') ?? null,
      latest_charge: null,
      last_payment_error: null,
      cancellation_reason: null,
      canceled_at: null,
      created: now(),
      livemode: false,
    });
    intent.client_secret = `${intent.id}_secret_${randomBytes(8).toString('hex')}`;
    this.emit('payment_intent.created', intent);
    if (str(params, 'confirm') === 'true') return this.confirm(intent, {});
    return structuredClone(intent);
  }

  private confirm(intent: StripeObject, params: Params): StripeObject {
    const allowed = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
    if (!allowed.includes(intent.status as string)) throw StripeErrors.unexpectedState(intent as never, 'confirm', allowed);
    const paymentMethod = str(params, 'payment_method') ?? (intent.payment_method as string | null);
    if (!paymentMethod) throw StripeErrors.missing('payment_method');
    intent.payment_method = paymentMethod;
    const decline = this.armed('payment_intents.confirm') ?? testCardDecline(paymentMethod);
    const charge = this.store({
      id: this.id('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: 0,
      amount_refunded: 0,
      captured: false,
      refunded: false,
      paid: !decline,
      status: decline ? 'failed' : 'succeeded',
      currency: intent.currency,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      failure_code: decline ? decline.error.code : null,
      outcome: decline ? { type: 'issuer_declined', reason: decline.error.decline_code } : { type: 'authorized' },
      metadata: intent.metadata,
      created: now(),
      livemode: false,
    });
    intent.latest_charge = charge.id;
    if (decline) {
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: { ...decline.error, charge: charge.id } });
      this.emit('charge.failed', charge);
      this.emit('payment_intent.payment_failed', intent);
      throw new StripeApiError(402, { ...decline.error, charge: charge.id, payment_intent: structuredClone(intent) });
    }
    if (intent.capture_method === 'manual') {
      Object.assign(intent, { status: 'requires_capture', amount_capturable: intent.amount, last_payment_error: null });
      this.emit('charge.succeeded', charge);
      this.emit('payment_intent.amount_capturable_updated', intent);
      return structuredClone(intent);
    }
    Object.assign(charge, { captured: true, amount_captured: intent.amount });
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, last_payment_error: null });
    this.credit(intent.currency as string, intent.amount as number);
    this.emit('charge.succeeded', charge);
    this.emit('payment_intent.succeeded', intent);
    return structuredClone(intent);
  }

  private capture(intent: StripeObject, params: Params): StripeObject {
    if (intent.status !== 'requires_capture') throw StripeErrors.unexpectedState(intent as never, 'capture', ['requires_capture']);
    const capturable = intent.amount_capturable as number;
    const amount = params.amount_to_capture === undefined ? capturable : positiveInteger(params, 'amount_to_capture');
    if (amount > capturable) throw StripeErrors.amountTooLarge('amount_to_capture', `The amount to capture (${amount}) is greater than the amount capturable (${capturable}).`);
    this.failIfArmed('payment_intents.capture');
    const charge = this.find('charge', intent.latest_charge as string);
    // A partial capture releases the rest of the authorisation; Stripe shows it as refunded.
    Object.assign(charge, { captured: true, amount_captured: amount, amount_refunded: (charge.amount as number) - amount });
    Object.assign(intent, { status: 'succeeded', amount_capturable: 0, amount_received: amount });
    this.credit(intent.currency as string, amount);
    this.emit('charge.captured', charge, { previous: { captured: false, amount_captured: 0 } });
    this.emit('payment_intent.succeeded', intent, { previous: { status: 'requires_capture' } });
    return structuredClone(intent);
  }

  private cancel(intent: StripeObject, params: Params): StripeObject {
    const allowed = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
    if (!allowed.includes(intent.status as string)) throw StripeErrors.unexpectedState(intent as never, 'cancel', allowed);
    const previous = intent.status;
    Object.assign(intent, { status: 'canceled', amount_capturable: 0, cancellation_reason: str(params, 'cancellation_reason') ?? null, canceled_at: now() });
    this.emit('payment_intent.canceled', intent, { previous: { status: previous } });
    return structuredClone(intent);
  }

  private createRefund(params: Params): StripeObject {
    const intentId = str(params, 'payment_intent');
    const chargeId = str(params, 'charge') ?? (intentId ? (this.find('payment_intent', intentId, 'payment_intent').latest_charge as string | null) : null);
    if (!intentId && !chargeId) throw StripeErrors.missing('charge');
    if (!chargeId) throw StripeErrors.invalid('payment_intent', `This PaymentIntent (${intentId}) does not have a successful charge to refund.`, 'charge_not_refundable');
    const charge = this.find('charge', chargeId, 'charge');
    const refundable = (charge.amount_captured as number) - ((charge.amount_refunded as number) - ((charge.amount as number) - (charge.amount_captured as number)));
    if (!charge.captured || refundable <= 0) throw StripeErrors.alreadyRefunded(charge.id);
    const amount = params.amount === undefined ? refundable : positiveInteger(params, 'amount');
    if (amount > refundable) throw StripeErrors.amountTooLarge('amount', `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable}).`);
    this.failIfArmed('refunds.create');
    const refund = this.store({
      id: this.id('re'),
      object: 'refund',
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      reason: str(params, 'reason') ?? null,
      status: 'succeeded',
      metadata: metadataOf(params),
      created: now(),
    });
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = amount === refundable;
    this.credit(charge.currency as string, -amount);
    this.emit('refund.created', refund);
    this.emit('charge.refunded', charge);
    return structuredClone(refund);
  }

  private createTransfer(params: Params): StripeObject {
    const amount = positiveInteger(params, 'amount');
    const currency = required(params, 'currency').toLowerCase();
    const destination = required(params, 'destination');
    const account = this.find('account', destination, 'destination');
    this.failIfArmed('transfers.create');
    if (account.capabilities && (account.capabilities as Record<string, string>).transfers !== 'active') throw StripeErrors.transfersNotEnabled(destination);
    if ((this.available.get(currency) ?? 0) < amount) throw StripeErrors.balanceInsufficient();
    this.credit(currency, -amount);
    const transfer = this.store({
      id: this.id('tr'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      currency,
      destination,
      description: str(params, 'description') ?? null,
      transfer_group: str(params, 'transfer_group') ?? null,
      metadata: metadataOf(params),
      reversed: false,
      balance_transaction: this.id('txn'),
      destination_payment: this.id('py'),
      created: now(),
      livemode: false,
    });
    this.emit('transfer.created', transfer);
    return structuredClone(transfer);
  }

  private reverseTransfer(transfer: StripeObject, params: Params): StripeObject {
    const open = (transfer.amount as number) - (transfer.amount_reversed as number);
    const amount = params.amount === undefined ? open : positiveInteger(params, 'amount');
    if (amount > open) throw StripeErrors.amountTooLarge('amount', `The reversal amount (${amount}) is greater than the transfer's unreversed amount (${open}).`);
    transfer.amount_reversed = (transfer.amount_reversed as number) + amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    this.credit(transfer.currency as string, amount);
    this.emit('transfer.reversed', transfer, { previous: { amount_reversed: (transfer.amount_reversed as number) - amount } });
    return { id: this.id('trr'), object: 'transfer_reversal', amount, currency: transfer.currency, transfer: transfer.id, created: now(), metadata: metadataOf(params) };
  }

  private balance(): unknown {
    return {
      object: 'balance',
      livemode: false,
      available: [...this.available].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } })),
      pending: [...this.available.keys()].map((currency) => ({ amount: 0, currency, source_types: { card: 0 } })),
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  private failIfArmed(operation: FailingOperation): void {
    const error = this.armed(operation);
    if (error) throw error;
  }

  private armed(operation: FailingOperation): StripeApiError | undefined {
    return this.failures.get(operation)?.shift();
  }

  private credit(currency: string, amount: number): void {
    this.available.set(currency, (this.available.get(currency) ?? 0) + amount);
  }

  private find(type: string, id: string, param = 'id'): StripeObject {
    const found = this.objects.get(id);
    if (!found || found.object !== type) throw StripeErrors.noSuch(type, id, param);
    return found;
  }

  private store(object: StripeObject): StripeObject {
    this.objects.set(object.id, object);
    return object;
  }

  private id(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
  }

  private emit(type: string, object: StripeObject, options: { previous?: Record<string, unknown>; account?: string } = {}): StripeEvent {
    const event: StripeEvent = {
      id: this.id('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: now(),
      type,
      livemode: false,
      pending_webhooks: 1,
      ...(options.account ? { account: options.account } : {}),
      request: { ...this.currentRequest },
      data: { object: structuredClone(object), ...(options.previous ? { previous_attributes: options.previous } : {}) },
    };
    this.events.push(event);
    this.pending.push(event);
    if (this.autoDeliver && !this.currentRequest.id) setImmediate(() => void this.deliverPending().catch(() => undefined));
    return event;
  }
}

/** Stripe's test payment methods that decline (docs.stripe.com/testing#declined-payments). */
function testCardDecline(paymentMethod: string): StripeApiError | undefined {
  if (paymentMethod === 'pm_card_chargeDeclined' || paymentMethod === 'pm_card_visa_chargeDeclined') return StripeErrors.cardDeclined('generic_decline');
  if (paymentMethod === 'pm_card_chargeDeclinedInsufficientFunds' || paymentMethod === 'pm_card_visa_chargeDeclinedInsufficientFunds') return StripeErrors.cardDeclined('insufficient_funds');
  return undefined;
}

function requirementsOf(account: StripeObject): Record<string, unknown> {
  const due = account.details_submitted ? [] : ['business_profile.url', 'external_account', 'tos_acceptance.date'];
  return { currently_due: due, eventually_due: due, past_due: [], disabled_reason: account.details_submitted ? null : 'requirements.past_due' };
}

function metadataOf(params: Params): Record<string, string> {
  const metadata = params.metadata;
  return metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, string>) : {};
}

function str(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function required(params: Params, name: string): string {
  const value = str(params, name);
  if (value === undefined) throw StripeErrors.missing(name);
  return value;
}

function positiveInteger(params: Params, name: string): number {
  const value = required(params, name);
  if (!/^\d+$/.test(value) || Number(value) < 1) throw StripeErrors.invalid(name, `Invalid positive integer`);
  return Number(value);
}

/** Stripe takes the key as a bearer token or as the Basic auth user name (`curl -u sk_test_…:`). */
function apiKeyOf(authorization: string): string {
  const basic = /^Basic\s+(.+)$/i.exec(authorization);
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').replace(/:.*$/, '');
  return authorization.replace(/^Bearer\s+/i, '');
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

const now = () => Math.floor(Date.now() / 1000);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
