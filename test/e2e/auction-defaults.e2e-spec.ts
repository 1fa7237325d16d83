import { AuctionsService } from '../../src/auctions/auctions.service';
import { INVOICE_DUE, SECOND_CHANCE_EXPIRY } from '../../src/auctions/auction-default-timers';
import { addBusinessDays } from '../../src/auctions/domain/invoice';
import { invoiceDueAt } from '../../src/auctions/domain/second-chance';
import { InvoiceDefaultsService } from '../../src/auctions/invoice-defaults.service';
import { SecondChanceService } from '../../src/auctions/second-chance.service';
import { calendarDateOf } from '../../src/common/calendar/calendar-date';
import { Deadlines } from '../../src/common/queue/deadlines.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { aLiveLot, aLotBody, aVerifiedBuyer } from '../support/auctions';
import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { creditBalance } from '../support/ledger-balances';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('auctions: a winner who does not pay — forfeit, second-chance offers, back to the lender', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let buyers: OrgSession[];

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    buyers = [];
    for (let i = 0; i < 4; i++) buyers.push(await aVerifiedBuyer(t, admin));
  }, 120_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const bid = (lotId: string, who: OrgSession, amount: number) => t.http.post(`/v1/auctions/${lotId}/bids`).set(who.auth).send({ max_amount: usd(amount) });
  const deposit = (lotId: string, who: OrgSession, amount: number) => t.http.post('/v1/deposits').set(who.auth).send({ lot_id: lotId, payment_method: 'pm_card_visa', amount: usd(amount) });
  const accept = (offerId: string, who: OrgSession, body: Record<string, unknown> = {}) => t.http.post(`/v1/second-chance-offers/${offerId}/accept`).set(who.auth).send(body);
  const decline = (offerId: string, who: OrgSession) => t.http.post(`/v1/second-chance-offers/${offerId}/decline`).set(who.auth);
  const lotRow = async (lotId: string) => (await t.db.query('SELECT status, hammer_price::int AS hammer, closed_at, vehicle_id FROM auction_lots WHERE id = $1', [lotId]))[0];
  const vehicleStatus = async (vehicleId: string) => (await t.db.query('SELECT status FROM vehicles WHERE id = $1', [vehicleId]))[0].status;
  const invoices = async (lotId: string) =>
    t.db.query('SELECT id, buyer_org_id, status, hammer_price::int AS hammer, buyer_premium::int AS premium, deposit_applied::int AS deposit, due_on::text AS due_on FROM auction_invoices WHERE lot_id = $1 ORDER BY created_at', [lotId]);
  const offers = async (lotId: string) => t.db.query('SELECT id, buyer_org_id, rank, status, price::int AS price, deposit_required::int AS deposit, expires_at, invoice_id FROM auction_second_chance_offers WHERE lot_id = $1 ORDER BY rank', [lotId]);
  const deposits = async (lotId: string) => t.db.query('SELECT id, buyer_org_id, status, amount::int AS amount, payment_intent_id FROM auction_deposits WHERE lot_id = $1 ORDER BY created_at', [lotId]);
  const events = async (type: string, lotId: string) => t.db.query(`SELECT org_ids, payload FROM outbox_events WHERE type = $1 AND payload->>'lot_id' = $2 ORDER BY seq`, [type, lotId]);
  const balance = (purpose: string, orgId: string | null) => creditBalance(t, purpose, orgId);
  /** A lot closed by its close job: bids placed live, then the clock past its end. */
  const closeLot = async (lotId: string) => {
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    await t.app.get(AuctionsService).close(lotId);
    const row = await lotRow(lotId);
    expect(['sold', 'no_sale']).toContain(row.status);
    return row;
  };
  /** The clock at the instant the lot's standing invoice is overdue, and its due job run. */
  const passDueDate = async (lotId: string) => {
    const open = (await invoices(lotId)).find((i: { status: string }) => i.status === 'open');
    t.clock.set(invoiceDueAt(open.due_on));
    await t.app.get(InvoiceDefaultsService).default(open.id);
    return open;
  };

  it('forfeits the unpaid winner’s deposit once (timer and sweep raced), offers the runner-up at their maximum, who accepts with a deposit', async () => {
    const lotId = await aLiveLot(t, lender, { deposit_required: usd(50_000) });
    const [a, b, c] = [buyers[0]!, buyers[1]!, buyers[2]!];
    for (const [who, amount] of [[a, 50_000], [b, 50_000], [c, 60_000]] as const) expect((await deposit(lotId, who, amount)).status).toBe(201);
    for (const [who, max] of [[a, 120_000], [b, 150_000], [c, 200_000]] as const) expect((await bid(lotId, who, max)).status).toBe(201);
    const closed = await closeLot(lotId);
    expect(closed).toMatchObject({ status: 'sold', hammer: 155_000 });
    const [winnerInvoice] = await invoices(lotId);
    expect(winnerInvoice).toMatchObject({ buyer_org_id: c.orgId, status: 'open', hammer: 155_000, deposit: 60_000, due_on: addBusinessDays(calendarDateOf(new Date(closed.closed_at)), 2) });
    // The due timer is set for the end of the due day.
    const timer = await t.app.get(QueueService).queue(INVOICE_DUE.queue).getJob(INVOICE_DUE.idOf({ invoiceId: winnerInvoice.id }));
    expect(timer!.delay).toBe(invoiceDueAt(winnerInvoice.due_on).getTime() - new Date(closed.closed_at).getTime());
    const cDeposit = (await deposits(lotId)).find((d: { buyer_org_id: string }) => d.buyer_org_id === c.orgId);
    expect(cDeposit.status).toBe('held_for_invoice');

    // A minute before the due day ends nothing happens.
    t.clock.set(new Date(invoiceDueAt(winnerInvoice.due_on).getTime() - 60_000));
    expect(await t.app.get(InvoiceDefaultsService).default(winnerInvoice.id)).toEqual({ outcome: 'skipped' });
    expect((await invoices(lotId))[0].status).toBe('open');

    const revenueBefore = await balance('platform_revenue', null);
    const clearingBefore = await balance('stripe_clearing', null);
    t.clock.set(invoiceDueAt(winnerInvoice.due_on));
    const raced = await Promise.all([t.app.get(InvoiceDefaultsService).default(winnerInvoice.id), t.app.get(Deadlines).sweep(INVOICE_DUE), t.app.get(InvoiceDefaultsService).default(winnerInvoice.id)]);
    // The sweep running in the background may have taken it first: then both direct calls skip.
    expect(raced.filter((r) => 'outcome' in r && r.outcome === 'defaulted').length).toBeLessThanOrEqual(1);
    expect(t.stripe.requestsTo('POST', `/v1/payment_intents/${cDeposit.payment_intent_id}/capture`)).toHaveLength(1);
    const intent = await t.stripe.sdk().paymentIntents.retrieve(cDeposit.payment_intent_id);
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 60_000 });
    expect((await deposits(lotId)).find((d: { id: string }) => d.id === cDeposit.id).status).toBe('forfeited');
    expect((await invoices(lotId))[0].status).toBe('defaulted');
    const defaults = await events('auction.invoice_defaulted', lotId);
    expect(defaults).toHaveLength(1);
    const [defaulted] = defaults;
    expect(defaulted.payload).toMatchObject({ invoice_id: winnerInvoice.id, buyer_org_id: c.orgId, forfeited: usd(60_000) });
    expect(defaulted.org_ids.sort()).toEqual([c.orgId, lender.orgId].sort());

    // Ledger: the capture's webhook holds the deposit in C's escrow; the forfeit moves it to platform revenue.
    await t.stripe.deliverPending();
    const [forfeit] = await t.db.query(
      `SELECT e.side, a.purpose, a.org_id, e.amount::int AS amount FROM ledger_transactions x JOIN ledger_entries e ON e.transaction_id = x.id JOIN ledger_accounts a ON a.id = e.account_id
        WHERE x.idempotency_key = $1 AND e.side = 'debit'`,
      [`auction-forfeit:${cDeposit.id}`],
    );
    expect(forfeit).toEqual({ side: 'debit', purpose: 'auction_escrow', org_id: c.orgId, amount: 60_000 });
    expect(await balance('platform_revenue', null)).toBe(revenueBefore + 60_000);
    expect(-(await balance('stripe_clearing', null))).toBe(-clearingBefore + 60_000);
    expect(await balance('auction_escrow', c.orgId)).toBe(0);

    // B, the next-highest maximum, is offered the lot at 150,000 for 24 h; the lot waits on it.
    const [offer] = await offers(lotId);
    expect(offer).toMatchObject({ buyer_org_id: b.orgId, rank: 1, status: 'open', price: 150_000, deposit: 50_000 });
    expect(new Date(offer.expires_at).getTime()).toBe(invoiceDueAt(winnerInvoice.due_on).getTime() + 24 * 3_600_000);
    expect((await lotRow(lotId)).status).toBe('second_chance');
    expect(await vehicleStatus(closed.vehicle_id)).toBe('sold');
    const [offered] = await events('auction.second_chance_offered', lotId);
    expect(offered.payload).toMatchObject({ offer_id: offer.id, buyer_org_id: b.orgId, price: usd(150_000), deposit_required: usd(50_000) });
    expect(await t.app.get(QueueService).queue(SECOND_CHANCE_EXPIRY.queue).getJob(SECOND_CHANCE_EXPIRY.idOf({ offerId: offer.id }))).toBeTruthy();

    const mine = await t.http.get('/v1/second-chance-offers').query({ lot_id: lotId }).set(b.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual([expect.objectContaining({ id: offer.id, status: 'open', price: usd(150_000), deposit_required: usd(50_000), time_left_seconds: 86_400 })]);
    expect((await t.http.get('/v1/second-chance-offers').query({ lot_id: lotId }).set(a.auth)).body.data).toEqual([]);
    expect((await t.http.get('/v1/second-chance-offers').query({ lot_id: lotId }).set(lender.auth)).body.data.map((o: { id: string }) => o.id)).toEqual([offer.id]);
    expect((await t.http.get('/v1/second-chance-offers').query({ lot_id: lotId }).set((await aLender(t).build()).auth)).body.data).toEqual([]);
    expectProblem(await t.http.get('/v1/second-chance-offers').query({ status: 'maybe' }).set(b.auth), 400, 'validation.failed');

    // Every refusal writes nothing: not B's (A, another org), the lender, B's viewer, no hold, a declined card.
    const nothingWritten = async () => {
      expect(await offers(lotId)).toEqual([expect.objectContaining({ id: offer.id, status: 'open', invoice_id: null })]);
      expect((await invoices(lotId)).map((i: { status: string }) => i.status)).toEqual(['defaulted']);
      expect((await deposits(lotId)).map((d: { status: string }) => d.status)).toEqual(['released', 'released', 'forfeited']);
      expect((await lotRow(lotId)).status).toBe('second_chance');
    };
    expectProblem(await accept(offer.id, a, { payment_method: 'pm_card_visa' }), 404, 'second_chance_offer.not_found');
    expectProblem(await decline(offer.id, a), 404, 'second_chance_offer.not_found');
    expectProblem(await accept(offer.id, lender, { payment_method: 'pm_card_visa' }), 403, 'auth.wrong_org_kind');
    expectProblem(await accept(offer.id, await addUser(t, b, 'viewer'), { payment_method: 'pm_card_visa' }), 403, 'auth.insufficient_role');
    expectProblem(await accept('not-an-id', b), 404, 'second_chance_offer.not_found');
    expect(expectProblem(await accept(offer.id, b), 422, 'second_chance.deposit_required')).toMatchObject({ deposit_required: usd(50_000) });
    expect(expectProblem(await accept(offer.id, b, { payment_method: 'pm_card_chargeDeclined' }), 422, 'second_chance.deposit_declined')).toMatchObject({ decline_code: 'generic_decline' });
    expectProblem(await accept(offer.id, b, { payment_method: 'visa' }), 400, 'validation.failed');
    await nothingWritten();

    const taken = await accept(offer.id, b, { payment_method: 'pm_card_visa' });
    expect(taken.status).toBe(200);
    const acceptedAt = t.clock.now();
    // 150,000 + premium 10 % with a 20,000 minimum; B's new 50,000 hold applied; due in 2 business days.
    expect(taken.body.invoice).toMatchObject({ buyer_org_id: b.orgId, hammer_price: usd(150_000), buyer_premium: usd(20_000), total: usd(170_000), deposit_applied: usd(50_000), balance_due: usd(120_000), due_on: addBusinessDays(calendarDateOf(acceptedAt), 2), status: 'open' });
    expect(taken.body.offer).toMatchObject({ id: offer.id, status: 'accepted', invoice_id: taken.body.invoice.id, time_left_seconds: null });
    expect(await lotRow(lotId)).toMatchObject({ status: 'sold', hammer: 150_000 });
    const bHold = (await deposits(lotId)).find((d: { buyer_org_id: string; status: string }) => d.buyer_org_id === b.orgId && d.status === 'held_for_invoice');
    expect(await t.stripe.sdk().paymentIntents.retrieve(bHold.payment_intent_id)).toMatchObject({ amount: 50_000, capture_method: 'manual', status: 'requires_capture', metadata: { reclaim_purpose: 'auction_deposit', org_id: b.orgId, lot_id: lotId } });
    expect((await events('auction.second_chance_accepted', lotId))[0].payload).toMatchObject({ offer_id: offer.id, invoice_id: taken.body.invoice.id });
    expect((await t.http.get('/v1/invoices').set(b.auth)).body.data.filter((i: { lot_id: string }) => i.lot_id === lotId)).toHaveLength(1);
    expect((await t.http.get('/v1/invoices').set(c.auth)).body.data.find((i: { lot_id: string }) => i.lot_id === lotId)).toMatchObject({ status: 'defaulted' });
    expect((await t.http.get('/v1/me/deposits').set(c.auth)).body.data.find((d: { id: string }) => d.id === cDeposit.id)).toMatchObject({ status: 'forfeited' });

    // Answered once: accepting or declining again is refused and changes nothing.
    expect(expectProblem(await accept(offer.id, b, { payment_method: 'pm_card_visa' }), 409, 'second_chance.not_open')).toMatchObject({ current: 'accepted' });
    expectProblem(await decline(offer.id, b), 409, 'second_chance.not_open');
    expect((await invoices(lotId)).map((i: { status: string }) => i.status)).toEqual(['defaulted', 'open']);
    expect((await deposits(lotId)).filter((d: { buyer_org_id: string }) => d.buyer_org_id === b.orgId).map((d: { status: string }) => d.status)).toEqual(['released', 'held_for_invoice']);
  }, 60_000);

  it('declined, the next bidder is offered it; lapsed with nobody left, the lot goes back to the lender, who relists', async () => {
    const lotId = await aLiveLot(t, lender);
    const [a, b, c] = [buyers[0]!, buyers[1]!, buyers[2]!];
    for (const [who, max] of [[a, 100_000], [b, 120_000], [a, 115_000], [c, 150_000]] as const) expect((await bid(lotId, who, max)).status).toBe(201);
    const closed = await closeLot(lotId);
    await passDueDate(lotId);
    const [first] = await offers(lotId);
    expect(first).toMatchObject({ buyer_org_id: b.orgId, price: 120_000, deposit: 0 });

    const declined = await decline(first.id, b);
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    // A's highest maximum (115,000), not their first.
    const [, second] = await offers(lotId);
    expect(second).toMatchObject({ buyer_org_id: a.orgId, rank: 2, status: 'open', price: 115_000 });
    expect((await events('auction.second_chance_declined', lotId))[0].payload).toMatchObject({ offer_id: first.id, outcome: 'declined' });
    expect((await lotRow(lotId)).status).toBe('second_chance');

    // Past its expiry an offer cannot be taken (the expiry job may already have closed it).
    t.clock.set(new Date(new Date(second.expires_at).getTime() + 1_000));
    const late = await accept(second.id, a);
    expectProblem(late, 409, late.body.code === 'second_chance.not_open' ? 'second_chance.not_open' : 'second_chance.expired');
    expect((await invoices(lotId)).map((i: { status: string }) => i.status)).toEqual(['defaulted']);
    await t.app.get(SecondChanceService).expire(second.id);
    expect((await offers(lotId)).map((o: { status: string }) => o.status)).toEqual(['declined', 'expired']);
    expect(await lotRow(lotId)).toMatchObject({ status: 'returned_to_lender' });
    expect(await vehicleStatus(closed.vehicle_id)).toBe('in_storage');
    const [returned] = await events('auction.returned_to_lender', lotId);
    expect(returned.payload).toMatchObject({ reason: 'no_bidder_left', status: 'returned_to_lender' });
    expect(await t.app.get(SecondChanceService).expire(second.id)).toEqual({ outcome: 'skipped' });

    // The lender relists the vehicle: the returned lot does not block a new one.
    t.clock.reset();
    const relisted = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(closed.vehicle_id));
    expect(relisted.status).toBe(201);
    expect(relisted.body).toMatchObject({ status: 'draft', vehicle: { id: closed.vehicle_id } });
  }, 60_000);

  it('the sweep lapses an offer whose timer was lost; nobody at or above the reserve is left, so the lot goes back', async () => {
    const lotId = await aLiveLot(t, lender, { reserve_price: usd(130_000) });
    const [a, b, c] = [buyers[0]!, buyers[1]!, buyers[3]!];
    for (const [who, max] of [[a, 100_000], [b, 135_000], [c, 140_000]] as const) expect((await bid(lotId, who, max)).status).toBe(201);
    await closeLot(lotId);
    await passDueDate(lotId);
    const [offer] = await offers(lotId);
    expect(offer).toMatchObject({ buyer_org_id: b.orgId, price: 135_000 });
    await t.app.get(Deadlines).cancel(SECOND_CHANCE_EXPIRY, { offerId: offer.id });
    t.clock.set(new Date(new Date(offer.expires_at).getTime() + 1_000));
    await t.app.get(Deadlines).sweep(SECOND_CHANCE_EXPIRY);
    // A's 100,000 is below the 130,000 reserve: never offered.
    expect((await offers(lotId)).map((o: { status: string }) => o.status)).toEqual(['expired']);
    expect((await lotRow(lotId)).status).toBe('returned_to_lender');
    expect((await events('auction.returned_to_lender', lotId))[0].payload.reason).toBe('below_reserve');
  }, 60_000);

  it('a winner’s unpaid invoice without a deposit defaults with nothing captured; a lot nobody else bid on goes back at once', async () => {
    const lotId = await aLiveLot(t, lender);
    expect((await bid(lotId, buyers[0]!, 80_000)).status).toBe(201);
    const closed = await closeLot(lotId);
    const captures = t.stripe.requestsTo('POST', '/v1/payment_intents').length;
    await passDueDate(lotId);
    expect((await invoices(lotId)).map((i: { status: string }) => i.status)).toEqual(['defaulted']);
    expect((await events('auction.invoice_defaulted', lotId))[0].payload.forfeited).toBeNull();
    expect(t.stripe.requestsTo('POST', '/v1/payment_intents').length).toBe(captures);
    expect(await offers(lotId)).toEqual([]);
    expect((await lotRow(lotId)).status).toBe('returned_to_lender');
    expect(await vehicleStatus(closed.vehicle_id)).toBe('in_storage');
  }, 60_000);
  it('three acceptances at once sell once with one hold; that buyer defaulting in turn forfeits the new hold and the next bidder is offered the lot', async () => {
    const lotId = await aLiveLot(t, lender, { deposit_required: usd(20_000) });
    const [a, b, c] = [buyers[0]!, buyers[1]!, buyers[2]!];
    for (const who of [a, b, c]) expect((await deposit(lotId, who, 30_000)).status).toBe(201);
    for (const [who, max] of [[a, 100_000], [b, 250_000], [c, 280_000]] as const) expect((await bid(lotId, who, max)).status).toBe(201);
    await closeLot(lotId);
    await passDueDate(lotId);
    const [offer] = await offers(lotId);
    // 10 % of 250,000 is above the lot's 20,000.
    expect(offer).toMatchObject({ buyer_org_id: b.orgId, price: 250_000, deposit: 25_000 });

    const answers = await Promise.all([1, 2, 3].map(() => accept(offer.id, b, { payment_method: 'pm_card_visa' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    for (const r of answers.filter((x) => x.status === 409)) expectProblem(r, 409, 'second_chance.not_open');
    expect((await invoices(lotId)).map((i: { status: string; buyer_org_id: string }) => `${i.status}:${i.buyer_org_id === b.orgId}`)).toEqual(['defaulted:false', 'open:true']);
    const held = (await deposits(lotId)).filter((d: { status: string }) => d.status === 'held_for_invoice');
    expect(held).toEqual([expect.objectContaining({ buyer_org_id: b.orgId, amount: 25_000 })]);
    // The losing acceptances shared the winner's intent (one key) and did not let it go.
    expect(await t.stripe.sdk().paymentIntents.retrieve(held[0].payment_intent_id)).toMatchObject({ status: 'requires_capture', amount: 25_000 });

    const revenueBefore = await balance('platform_revenue', null);
    await passDueDate(lotId);
    await t.stripe.deliverPending();
    expect(await t.stripe.sdk().paymentIntents.retrieve(held[0].payment_intent_id)).toMatchObject({ status: 'succeeded', amount_received: 25_000 });
    expect(await balance('platform_revenue', null)).toBe(revenueBefore + 25_000);
    expect(await balance('auction_escrow', b.orgId)).toBe(0);
    expect((await invoices(lotId)).map((i: { status: string }) => i.status)).toEqual(['defaulted', 'defaulted']);
    const second = (await offers(lotId))[1];
    expect(second).toMatchObject({ buyer_org_id: a.orgId, rank: 2, price: 100_000, deposit: 20_000, status: 'open' });
    expect((await lotRow(lotId)).status).toBe('second_chance');
  }, 60_000);
});
