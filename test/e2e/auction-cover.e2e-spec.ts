import { AuctionsService } from '../../src/auctions/auctions.service';
import { invoiceDueAt } from '../../src/auctions/domain/second-chance';
import { InvoiceDefaultsService } from '../../src/auctions/invoice-defaults.service';
import { aLiveLot, aVerifiedBuyer } from '../support/auctions';
import { addUser, aBuyer, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { eventually } from '../support/eventually';
import { creditBalance } from '../support/ledger-balances';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** Issue 15, who may bid: standing deposits pooled across lots, credit lines, and what a bid is refused with. */
describe('auctions: standing deposits and credit lines cover bids across lots', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let buyers: OrgSession[];

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    buyers = [];
    for (let i = 0; i < 12; i++) buyers.push(await aVerifiedBuyer(t, admin));
  }, 120_000);
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const standing = (who: OrgSession, body: Record<string, unknown> = { amount: usd(100_000) }) => t.http.post('/v1/deposits').set(who.auth).send({ payment_method: 'pm_card_visa', ...body });
  const lotDeposit = (lotId: string, who: OrgSession, amount: number) => t.http.post('/v1/deposits').set(who.auth).send({ lot_id: lotId, payment_method: 'pm_card_visa', amount: usd(amount) });
  const release = (id: string, who: OrgSession) => t.http.post(`/v1/deposits/${id}/release`).set(who.auth);
  const bid = (lotId: string, who: OrgSession, amount: number) => t.http.post(`/v1/auctions/${lotId}/bids`).set(who.auth).send({ max_amount: usd(amount) });
  const depositRows = async (who: OrgSession) => t.db.query('SELECT id, lot_id, status, amount::int AS amount FROM auction_deposits WHERE buyer_org_id = $1 ORDER BY created_at', [who.orgId]);
  const bidCount = async (lotId: string) => Number((await t.db.query('SELECT count(*) FROM auction_bids WHERE lot_id = $1', [lotId]))[0].count);
  const intentsOf = (who: OrgSession) => t.stripe.objectsOf('payment_intent').filter((i) => (i.metadata as Record<string, string>)?.org_id === who.orgId);
  const coverOn = async (lotId: string, who: OrgSession) => (await t.http.get(`/v1/auctions/${lotId}`).set(who.auth)).body.my_standing.cover;
  const balance = (purpose: string, orgId: string | null) => creditBalance(t, purpose, orgId);

  describe('standing deposits', () => {
    it('refuses a standing hold from a lender, a viewer, an unverified buyer, without an amount or with a declined card, writing nothing', async () => {
      const a = buyers[0]!;
      const viewer = await addUser(t, a, 'viewer');
      const unverified = await aBuyer(t).build();
      expectProblem(await standing(lender), 403, 'auth.wrong_org_kind');
      expectProblem(await standing(viewer), 403, 'auth.insufficient_role');
      expectProblem(await standing(unverified), 403, 'auction.buyer_not_verified');
      expectProblem(await standing(a, {}), 422, 'deposit.amount_required');
      expectProblem(await standing(a, { amount: usd(0) }), 422, 'deposit.amount_required');
      expectProblem(await standing(a, { amount: usd(100_000), payment_method: 'card' }), 400, 'validation.failed');
      expectProblem(await standing(a, { amount: { amount: 100_000, currency: 'usd' } }), 400, 'validation.failed');
      expect(expectProblem(await standing(a, { amount: usd(100_000), payment_method: 'pm_card_chargeDeclined' }), 422, 'deposit.declined')).toMatchObject({ decline_code: 'generic_decline' });
      expect(await depositRows(a)).toEqual([]);
      expect(await depositRows(unverified)).toEqual([]);
      expect(intentsOf(unverified)).toEqual([]);
      // A hold in euros covers nothing on a lot in dollars.
      expect((await standing(a, { amount: { amount: 100_000, currency: 'EUR' } })).status).toBe(201);
      const lotId = await aLiveLot(t, lender, { deposit_required: usd(50_000) });
      expectProblem(await bid(lotId, a, 100_000), 422, 'auction.deposit_required');
      expect(await bidCount(lotId)).toBe(0);
    });

    it('pools the hold across lots: leading maxima elsewhere count against it, the refusal names the amounts and writes nothing', async () => {
      const [a, rival] = [buyers[1]!, buyers[2]!];
      const held = await standing(a);
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({ lot_id: null, kind: 'standing', amount: usd(100_000), covers_up_to: usd(1_000_000), status: 'authorised' });
      expect(new Date(held.body.expires_at).getTime() - new Date(held.body.created_at).getTime()).toBe(7 * 86_400_000);
      const intent = await t.stripe.sdk().paymentIntents.retrieve(held.body.payment_intent_id);
      expect(intent).toMatchObject({ amount: 100_000, currency: 'usd', capture_method: 'manual', status: 'requires_capture', metadata: { reclaim_purpose: 'auction_deposit', org_id: a.orgId } });
      expect(expectProblem(await standing(a), 409, 'deposit.standing_exists')).toMatchObject({ deposit_id: held.body.id });
      expect((await depositRows(a)).length).toBe(1);
      expect((await t.http.get('/v1/me/deposits').set(a.auth)).body.data).toEqual([expect.objectContaining({ id: held.body.id, kind: 'standing', expires_at: held.body.expires_at })]);

      const [lot1, lot2, dear] = [await aLiveLot(t, lender, { deposit_required: usd(50_000) }), await aLiveLot(t, lender, { deposit_required: usd(50_000) }), await aLiveLot(t, lender, { deposit_required: usd(150_000) })];
      expect(await coverOn(lot2, a)).toEqual({ sources: ['standing_deposit'], up_to: usd(1_000_000) });
      expect((await bid(lot1, a, 600_000)).status).toBe(201);
      expect(await coverOn(lot2, a)).toEqual({ sources: ['standing_deposit'], up_to: usd(400_000) });
      const listed = (await t.http.get('/v1/auctions?status=live&limit=100').set(a.auth)).body.data.find((l: { id: string }) => l.id === lot2);
      expect(listed?.my_standing.cover).toEqual({ sources: ['standing_deposit'], up_to: usd(400_000) });
      // Its own lot's old maximum is replaced, not added.
      expect(await coverOn(lot1, a)).toEqual({ sources: ['standing_deposit'], up_to: usd(1_000_000) });

      const refused = expectProblem(await bid(lot2, a, 450_000), 422, 'auction.bid_not_covered');
      expect(refused).toMatchObject({ max_amount: usd(450_000), covered: usd(400_000), shortfall: usd(50_000), exposure_elsewhere: usd(600_000), sources: ['standing_deposit'] });
      expect(await bidCount(lot2)).toBe(0);
      expect((await bid(lot2, a, 400_000)).status).toBe(201);
      expect(expectProblem(await bid(lot1, a, 650_000), 422, 'auction.bid_not_covered')).toMatchObject({ covered: usd(600_000), shortfall: usd(50_000) });
      expect(await bidCount(lot1)).toBe(1);
      // A lot whose deposit is above the standing hold is not covered by it: a forfeit could not take the lot's deposit.
      expect(expectProblem(await bid(dear, a, 100_000), 422, 'auction.deposit_required')).toMatchObject({ deposit_required: usd(150_000), max_amount: usd(100_000), covered: usd(0), shortfall: usd(100_000) });
      expect(await bidCount(dear)).toBe(0);

      // Releasing is refused while it answers for the two leading bids.
      expect(expectProblem(await release(held.body.id, a), 409, 'deposit.covers_open_bids')).toMatchObject({ exposure: usd(1_000_000), lot_ids: expect.arrayContaining([lot1, lot2]) });
      expect((await depositRows(a))[0].status).toBe('authorised');

      // Outbid on both (the rival's own lot deposits cover it), nothing is open: the buyer lets the hold go.
      for (const lotId of [lot1, lot2]) {
        expect((await lotDeposit(lotId, rival, 100_000)).status).toBe(201);
        expect((await bid(lotId, rival, 900_000)).body.leading).toBe(true);
      }
      const released = await release(held.body.id, a);
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ id: held.body.id, status: 'released', released_at: expect.any(String) });
      await eventually(async () => (await t.stripe.sdk().paymentIntents.retrieve(held.body.payment_intent_id)).status === 'canceled', 10_000, 'the standing hold to be cancelled at Stripe');
      expectProblem(await release(held.body.id, a), 409, 'deposit.not_held');
      expect(expectProblem(await bid(lot1, a, 950_000), 422, 'auction.deposit_required')).toMatchObject({ covered: usd(0) });
      // A new standing hold after the release is a new authorisation at Stripe.
      const again = await standing(a);
      expect(again.status).toBe(201);
      expect(again.body.payment_intent_id).not.toBe(held.body.payment_intent_id);
    });

    it('refuses releasing someone else’s hold, a lot’s deposit, or by a lender, changing nothing', async () => {
      const [a, b] = [buyers[3]!, buyers[4]!];
      const held = await standing(a);
      const lotId = await aLiveLot(t, lender, { deposit_required: usd(50_000) });
      const onLot = await lotDeposit(lotId, a, 50_000);
      expectProblem(await release(held.body.id, b), 404, 'deposit.not_found');
      expectProblem(await release('not-a-uuid', a), 404, 'deposit.not_found');
      expectProblem(await release(held.body.id, lender), 403, 'auth.wrong_org_kind');
      expect(expectProblem(await release(onLot.body.id, a), 409, 'deposit.on_lot')).toMatchObject({ lot_id: lotId });
      expect((await depositRows(a)).map((d: { status: string }) => d.status)).toEqual(['authorised', 'authorised']);
      expect(t.stripe.requestsTo('POST', `/v1/payment_intents/${held.body.payment_intent_id}/cancel`)).toEqual([]);
    });

    it('covers nothing once Stripe has let the authorisation lapse (7 days), and may then be released at once', async () => {
      const a = buyers[5]!;
      const held = await standing(a);
      const lotId = await aLiveLot(t, lender, { deposit_required: usd(50_000), ends_at: new Date(Date.now() + 10 * 86_400_000).toISOString() });
      expect((await bid(lotId, a, 300_000)).status).toBe(201);
      t.clock.set(new Date(new Date(held.body.expires_at).getTime() - 1_000));
      expect((await bid(lotId, a, 400_000)).status).toBe(201);
      t.clock.set(new Date(held.body.expires_at));
      expectProblem(await bid(lotId, a, 500_000), 422, 'auction.deposit_required');
      expect(await bidCount(lotId)).toBe(2);
      expect(await coverOn(lotId, a)).toEqual({ sources: [], up_to: usd(0) });
      // It still answers for the leading 400,000 on paper, but Stripe holds nothing any more.
      expect((await release(held.body.id, a)).body.status).toBe('released');
    });

    it('forfeits the lot’s deposit_required from the standing hold of a winner who does not pay, once, into the ledger', async () => {
      const a = buyers[6]!;
      const held = await standing(a, { amount: usd(80_000) });
      const lotId = await aLiveLot(t, lender, { deposit_required: usd(50_000) });
      expect((await bid(lotId, a, 200_000)).status).toBe(201);
      t.clock.set(new Date(Date.now() + 2 * 3_600_000));
      expect(await t.app.get(AuctionsService).close(lotId)).toEqual({ outcome: 'sold' });
      // The standing hold is not applied to the invoice: it stays the guarantee of the buyer's other bids.
      const [invoice] = await t.db.query('SELECT id, due_on::text AS due_on, deposit_applied::int AS deposit, status FROM auction_invoices WHERE lot_id = $1', [lotId]);
      expect(invoice).toMatchObject({ deposit: 0, status: 'open' });
      expect((await depositRows(a))[0].status).toBe('authorised');
      // The won, unpaid lot is open: the hold cannot be let go.
      expect(expectProblem(await release(held.body.id, a), 409, 'deposit.covers_open_bids')).toMatchObject({ exposure: usd(50_000), lot_ids: [lotId] });

      await t.stripe.deliverPending();
      const revenueBefore = await balance('platform_revenue', null);
      t.clock.set(invoiceDueAt(invoice.due_on));
      const raced = await Promise.all([t.app.get(InvoiceDefaultsService).default(invoice.id), t.app.get(InvoiceDefaultsService).default(invoice.id)]);
      // The due timer may have taken it first: then both skip.
      expect(raced.filter((r) => r.outcome === 'defaulted').length).toBeLessThanOrEqual(1);
      expect((await t.db.query('SELECT status FROM auction_invoices WHERE id = $1', [invoice.id]))[0].status).toBe('defaulted');
      const captures = t.stripe.requestsTo('POST', `/v1/payment_intents/${held.body.payment_intent_id}/capture`);
      expect(captures).toHaveLength(1);
      expect(captures[0]!.params).toMatchObject({ amount_to_capture: '50000' });
      expect(await t.stripe.sdk().paymentIntents.retrieve(held.body.payment_intent_id)).toMatchObject({ status: 'succeeded', amount_received: 50_000 });
      expect(await t.db.query('SELECT status, captured_amount::int AS captured FROM auction_deposits WHERE id = $1', [held.body.id])).toEqual([{ status: 'forfeited', captured: 50_000 }]);
      const [defaulted] = await t.db.query(`SELECT payload FROM outbox_events WHERE type = 'auction.invoice_defaulted' AND payload->>'lot_id' = $1`, [lotId]);
      expect(defaulted.payload.forfeited).toEqual(usd(50_000));

      await t.stripe.deliverPending();
      const [forfeit] = await t.db.query(
        `SELECT a.purpose, a.org_id, e.amount::int AS amount FROM ledger_transactions x JOIN ledger_entries e ON e.transaction_id = x.id JOIN ledger_accounts a ON a.id = e.account_id
          WHERE x.idempotency_key = $1 AND e.side = 'debit'`,
        [`auction-forfeit:${held.body.id}`],
      );
      expect(forfeit).toEqual({ purpose: 'auction_escrow', org_id: a.orgId, amount: 50_000 });
      expect(await balance('platform_revenue', null)).toBe(revenueBefore + 50_000);
      expect(await balance('auction_escrow', a.orgId)).toBe(0);
      expect((await t.http.get('/v1/me/deposits').set(a.auth)).body.data[0]).toMatchObject({ id: held.body.id, status: 'forfeited', captured: usd(50_000) });
    });

    it('a bid and the release of the hold covering it at once: exactly one of them happens', async () => {
      const a = buyers[4]!;
      for (let round = 0; round < 3; round++) {
        const held = await standing(a);
        expect(held.status).toBe(201);
        const lotId = await aLiveLot(t, lender, { deposit_required: usd(50_000), reserve_price: usd(900_000) });
        const [placed, released] = await Promise.all([bid(lotId, a, 300_000), release(held.body.id, a)]);
        expect([placed.status, released.status].sort()).toEqual(placed.status === 201 ? [201, 409] : [200, 422]);
        if (placed.status === 201) expectProblem(released, 409, 'deposit.covers_open_bids');
        else expectProblem(placed, 422, 'auction.deposit_required');
        expect(await bidCount(lotId)).toBe(placed.status === 201 ? 1 : 0);
        expect((await depositRows(a)).find((d: { id: string }) => d.id === held.body.id).status).toBe(placed.status === 201 ? 'authorised' : 'released');
        // Clear the round: the lot closes unsold, and the hold is let go.
        t.clock.set(new Date(Date.now() + 2 * 3_600_000));
        await t.app.get(AuctionsService).close(lotId);
        t.clock.reset();
        if (placed.status === 201) expect((await release(held.body.id, a)).status).toBe(200);
      }
    });

    it('two bids on two lots at once that together exceed the hold: exactly one passes', async () => {
      const a = buyers[7]!;
      expect((await standing(a)).status).toBe(201);
      for (let round = 0; round < 3; round++) {
        // A reserve above the bids: the lots close unsold, so nothing stays open between rounds.
        const lots = [await aLiveLot(t, lender, { deposit_required: usd(50_000), reserve_price: usd(700_000) }), await aLiveLot(t, lender, { deposit_required: usd(50_000), reserve_price: usd(700_000) })];
        const answers = await Promise.all(lots.map((lotId) => bid(lotId, a, 600_000)));
        expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
        expect(expectProblem(answers.find((r) => r.status === 422)!, 422, 'auction.bid_not_covered')).toMatchObject({ exposure_elsewhere: usd(600_000), covered: usd(400_000) });
        expect((await bidCount(lots[0]!)) + (await bidCount(lots[1]!))).toBe(1);
        t.clock.set(new Date(Date.now() + 2 * 3_600_000));
        for (const lotId of lots) await t.app.get(AuctionsService).close(lotId);
        t.clock.reset();
      }
    });
  });

  describe('credit lines', () => {
    const setLine = (orgId: string, who: OrgSession, body: Record<string, unknown>) => t.http.put(`/v1/admin/buyers/${orgId}/credit-line`).set(who.auth).send(body);
    const lineRow = async (orgId: string) => (await t.db.query('SELECT limit_amount::int AS limit, currency, status, reason, suspended_reason FROM auction_credit_lines WHERE buyer_org_id = $1', [orgId]))[0];
    const auditOf = async (orgId: string) => t.db.query(`SELECT action, actor_user_id, changes FROM audit_log WHERE entity_type = 'credit_line' AND entity_id = $1 ORDER BY created_at, id`, [orgId]);

    it('a platform admin sets and changes a buyer’s line, audited with before and after; everyone else and bad input are refused, writing nothing', async () => {
      const a = buyers[8]!;
      const compliance = await addUser(t, admin, 'compliance');
      expectProblem(await setLine(a.orgId, compliance, { limit: usd(500_000), reason: 'good history' }), 403, 'auth.insufficient_role');
      expectProblem(await setLine(a.orgId, a, { limit: usd(500_000), reason: 'my own line' }), 403, 'auth.wrong_org_kind');
      expectProblem(await setLine(a.orgId, lender, { limit: usd(500_000), reason: 'good history' }), 403, 'auth.wrong_org_kind');
      expectProblem(await setLine(a.orgId, admin, { reason: 'good history' }), 400, 'validation.failed');
      expectProblem(await setLine(a.orgId, admin, { limit: usd(-1), reason: 'good history' }), 400, 'validation.failed');
      expectProblem(await setLine(a.orgId, admin, { limit: usd(500_000), reason: 'x' }), 400, 'validation.failed');
      expectProblem(await setLine(lender.orgId, admin, { limit: usd(500_000), reason: 'good history' }), 404, 'buyer.not_found');
      expectProblem(await setLine('00000000-0000-4000-8000-000000000000', admin, { limit: usd(500_000), reason: 'good history' }), 404, 'buyer.not_found');
      expectProblem(await t.http.get(`/v1/admin/buyers/${a.orgId}/credit-line`).set(admin.auth), 404, 'credit_line.not_found');
      expectProblem(await t.http.get(`/v1/admin/buyers/${a.orgId}/credit-line`).set(a.auth), 403, 'auth.wrong_org_kind');
      expect(await lineRow(a.orgId)).toBeUndefined();
      expect(await lineRow(lender.orgId)).toBeUndefined();
      expect(await auditOf(a.orgId)).toEqual([]);

      const set = await setLine(a.orgId, admin, { limit: usd(500_000), reason: 'dealer with two years of paid invoices' });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ buyer_org_id: a.orgId, limit: usd(500_000), status: 'active', exposure: usd(0), suspended_at: null });
      expect((await setLine(a.orgId, admin, { limit: usd(300_000), reason: 'lowered after review' })).body.limit).toEqual(usd(300_000));
      expect((await t.http.get(`/v1/admin/buyers/${a.orgId}/credit-line`).set(admin.auth)).body).toMatchObject({ limit: usd(300_000), reason: 'lowered after review' });
      expect(await auditOf(a.orgId)).toEqual([
        { action: 'credit_line.create', actor_user_id: admin.userId, changes: { limit: { before: null, after: 500_000 }, currency: { before: null, after: 'USD' }, status: { before: null, after: 'active' }, reason: { before: null, after: 'dealer with two years of paid invoices' } } },
        { action: 'credit_line.update', actor_user_id: admin.userId, changes: { limit: { before: 500_000, after: 300_000 }, reason: { before: 'dealer with two years of paid invoices', after: 'lowered after review' } } },
      ]);
    });

    it('covers bids without a deposit up to the limit across lots, pooled with a standing deposit', async () => {
      const a = buyers[9]!;
      expect((await setLine(a.orgId, admin, { limit: usd(300_000), reason: 'trade buyer' })).status).toBe(200);
      const [lot1, lot2] = [await aLiveLot(t, lender, { deposit_required: usd(50_000) }), await aLiveLot(t, lender, { deposit_required: usd(50_000) })];
      expect(await coverOn(lot1, a)).toEqual({ sources: ['credit_line'], up_to: usd(300_000) });
      expect((await bid(lot1, a, 200_000)).status).toBe(201);
      expect(expectProblem(await bid(lot2, a, 150_000), 422, 'auction.bid_not_covered')).toMatchObject({ max_amount: usd(150_000), covered: usd(100_000), shortfall: usd(50_000), sources: ['credit_line'], exposure_elsewhere: usd(200_000) });
      expect(await bidCount(lot2)).toBe(0);
      expect((await t.http.get(`/v1/admin/buyers/${a.orgId}/credit-line`).set(admin.auth)).body.exposure).toEqual(usd(200_000));
      expect((await t.http.get('/v1/me/credit-line').set(a.auth)).body).toMatchObject({ limit: usd(300_000), status: 'active', exposure: usd(200_000) });
      expectProblem(await t.http.get('/v1/me/credit-line').set(buyers[0]!.auth), 404, 'credit_line.not_found');
      expectProblem(await t.http.get('/v1/me/credit-line').set(lender.auth), 403, 'auth.wrong_org_kind');
      // A standing deposit adds its cover to the line's.
      const held = await standing(a, { amount: usd(50_000) });
      expect(await coverOn(lot2, a)).toEqual({ sources: ['standing_deposit', 'credit_line'], up_to: usd(600_000) });
      expect((await bid(lot2, a, 600_000)).status).toBe(201);
      // The line alone does not answer for 800,000: the standing deposit stays.
      expect(expectProblem(await release(held.body.id, a), 409, 'deposit.covers_open_bids')).toMatchObject({ exposure: usd(800_000) });
      // An admin raising the line so it alone covers everything lets the deposit go.
      expect((await setLine(a.orgId, admin, { limit: usd(800_000), reason: 'raised' })).status).toBe(200);
      expect((await release(held.body.id, a)).body.status).toBe('released');
    });

    it('a buyer covered by its line alone who defaults: nothing is captured, the default is recorded and the line suspended', async () => {
      const a = buyers[10]!;
      expect((await setLine(a.orgId, admin, { limit: usd(300_000), reason: 'trade buyer' })).status).toBe(200);
      const [lotId, other] = [await aLiveLot(t, lender, { deposit_required: usd(50_000) }), await aLiveLot(t, lender, { deposit_required: usd(50_000), ends_at: new Date(Date.now() + 30 * 86_400_000).toISOString() })];
      expect((await bid(lotId, a, 200_000)).status).toBe(201);
      t.clock.set(new Date(Date.now() + 2 * 3_600_000));
      expect(await t.app.get(AuctionsService).close(lotId)).toEqual({ outcome: 'sold' });
      const [invoice] = await t.db.query('SELECT id, due_on::text AS due_on FROM auction_invoices WHERE lot_id = $1', [lotId]);
      const capturesBefore = t.stripe.requestsTo('POST', '/v1/payment_intents').filter((r) => r.path.endsWith('/capture')).length;
      const revenueBefore = await balance('platform_revenue', null);
      t.clock.set(invoiceDueAt(invoice.due_on));
      await t.app.get(InvoiceDefaultsService).default(invoice.id);
      expect((await t.db.query('SELECT status FROM auction_invoices WHERE id = $1', [invoice.id]))[0].status).toBe('defaulted');
      const [defaulted] = await t.db.query(`SELECT payload FROM outbox_events WHERE type = 'auction.invoice_defaulted' AND payload->>'lot_id' = $1`, [lotId]);
      expect(defaulted.payload).toMatchObject({ buyer_org_id: a.orgId, forfeited: null });
      expect(t.stripe.requestsTo('POST', '/v1/payment_intents').filter((r) => r.path.endsWith('/capture')).length).toBe(capturesBefore);
      expect(await balance('platform_revenue', null)).toBe(revenueBefore);
      expect(await lineRow(a.orgId)).toMatchObject({ status: 'suspended', suspended_reason: expect.stringContaining(invoice.id) });
      expect((await auditOf(a.orgId)).at(-1)).toMatchObject({ action: 'credit_line.suspend', actor_user_id: null, changes: { status: { before: 'active', after: 'suspended' } } });
      const [suspended] = await t.db.query(`SELECT org_ids FROM outbox_events WHERE type = 'auction.credit_line_suspended' AND aggregate_id = $1`, [a.orgId]);
      expect(suspended.org_ids).toEqual([a.orgId]);

      // The line covers nothing now; an admin setting it again reinstates it.
      expect(expectProblem(await bid(other, a, 100_000), 422, 'auction.deposit_required')).toMatchObject({ covered: usd(0) });
      expect(await bidCount(other)).toBe(0);
      expect((await setLine(a.orgId, admin, { limit: usd(300_000), reason: 'paid what was owed' })).body.status).toBe('active');
      expect((await bid(other, a, 100_000)).status).toBe(201);
    });

    it('two bids on two lots at once that together exceed the line: exactly one passes', async () => {
      const a = buyers[11]!;
      expect((await setLine(a.orgId, admin, { limit: usd(1_000_000), reason: 'trade buyer' })).status).toBe(200);
      const lots = [await aLiveLot(t, lender, { deposit_required: usd(50_000) }), await aLiveLot(t, lender, { deposit_required: usd(50_000) })];
      const answers = await Promise.all(lots.map((lotId) => bid(lotId, a, 600_000)));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
      expectProblem(answers.find((r) => r.status === 422)!, 422, 'auction.bid_not_covered');
      expect((await bidCount(lots[0]!)) + (await bidCount(lots[1]!))).toBe(1);
    });
  });
});
