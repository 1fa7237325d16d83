import { money } from '../../src/common/money';
import { LedgerService } from '../../src/ledger/ledger.service';
import { AccountRef } from '../../src/ledger/domain/posting';
import { storageExpense } from '../../src/settlement/domain/holding-charges';
import { ExplanationRequestDueJob } from '../../src/settlement/explanation-request-due.job';
import { SettleSale, SettlementService } from '../../src/settlement/settlement.service';
import { addUser, aLender, anAgency, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, count } from '../support/marketplace';
import { eventually } from '../support/eventually';
import { expectProblem } from '../support/problem';
import { anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Sale settlement (issue 16). The auction that will call `SettlementService.settle` when a lot's
 * invoice is paid is not built yet, so these tests call the service from the test app, on a real
 * case, vehicle and repossession job made by the builders, after posting the buyer's payment into
 * the auction escrow as the auction will.
 */
describe('settlements: UCC §9-615 distribution, §9-616 explanation, surplus until paid', () => {
  let t: TestApp;
  let service: SettlementService;
  let ledger: LedgerService;
  let admin: OrgSession;
  let lender: OrgSession;
  let other: OrgSession;
  let agency: OrgSession;
  let surplusJob: RepossessionJob;
  let deficiencyJob: RepossessionJob;
  let surplusId: string;
  let deficiencyId: string;

  const usd = (n: number) => money(n, 'USD');
  const SALE = new Date('2026-03-10T15:00:00Z');
  const balance = (ref: AccountRef) => t.db.transaction(async (m) => (await ledger.balance(m, ref, 'USD')).amount);
  const transactions = () => count(t, 'SELECT count(*) AS n FROM ledger_transactions');
  const settlements = () => count(t, 'SELECT count(*) AS n FROM settlements');
  const totalDue = async (caseId: string) => Number((await t.db.query('SELECT total_due FROM cases WHERE id = $1', [caseId]))[0].total_due);

  /** The buyer's payment of the hammer price into the lender's auction escrow, as the auction will post it. */
  const buyerPaid = (key: string, amount: number) =>
    t.db.transaction((m) =>
      ledger.post(m, {
        idempotencyKey: `test-invoice-${key}`,
        reason: 'lot',
        reasonId: key,
        entries: [
          { account: { orgId: null, purpose: 'cash' }, side: 'debit', amount: usd(amount) },
          { account: { orgId: lender.orgId, purpose: 'auction_escrow' }, side: 'credit', amount: usd(amount) },
        ],
      }),
    );

  const sale = (job: RepossessionJob, hammer: number, change: Partial<SettleSale> = {}): SettleSale => {
    const storage = storageExpense({ currency: 'USD', storage_per_day: usd(2_500), free_storage_days: 5 }, [{ storedAt: new Date('2026-02-26T15:00:00Z'), endedAt: SALE }], job.tow.orgId, job.jobId);
    return {
      lenderOrgId: lender.orgId,
      caseId: job.caseId,
      vehicleId: job.vehicleId,
      lotId: null,
      saleAt: SALE,
      possessionAt: new Date('2026-02-26T12:00:00Z'),
      hammerPrice: usd(hammer),
      expenses: [{ type: 'repossession', amount: usd(45_000), basis: 'flat fee repossession 45000 (frozen terms)', payeeOrgId: job.tow.orgId, sourceRef: job.jobId }, ...(storage ? [storage] : []), { type: 'seller_fee', amount: usd(15_000), basis: 'seller fee', payeeOrgId: null }],
      agreementAllowsLegalFees: false,
      credits: [],
      obligationReflectsRebate: false,
      subordinateLiens: [],
      relatedPartySale: false,
      commerciallyReasonableAmount: null,
      contact: { phone: '+1 800 555 0100', address: '1 Finance Way, Austin TX' },
      ...change,
    };
  };

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    service = t.app.get(SettlementService);
    ledger = t.app.get(LedgerService);
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    other = await aLender(t).build();
    agency = await anAgency(t).build();
    surplusJob = await anAcceptedRepossession(t, admin, lender);
    deficiencyJob = await anAcceptedRepossession(t, admin, lender, { tow: surplusJob.tow });
  });
  afterAll(() => t.close());

  it('a surplus: expenses, then the obligation, the rest owed to the borrower — posted in one transaction', async () => {
    await buyerPaid('surplus', 1_200_000);
    const before = await transactions();
    const done = await t.db.transaction((m) => service.settle(m, sale(surplusJob, 1_200_000)));
    surplusId = done.settlement.id;
    expect(await transactions()).toBe(before + 1);

    const res = await t.http.get(`/v1/settlements/${surplusId}`).set(lender.auth);
    expect(res.status).toBe(200);
    expect(res.body.lines.map((l: { step: string; kind: string; applied: { amount: number } }) => `${l.step}:${l.kind} ${l.applied.amount}`)).toEqual([
      'expenses:repossession 45000',
      'expenses:storage 17500',
      'expenses:seller_fee 15000',
      'obligation:secured_obligation 1000000',
      'surplus:surplus 122500',
    ]);
    expect(res.body.lines[1].basis).toBe('7 days × 2500 (12 stored, 5 free)');
    expect(res.body.figures).toMatchObject({ outcome: 'surplus', proceeds_applied: usd(1_200_000), distributed: usd(1_200_000), surplus: usd(122_500), deficiency: usd(0) });
    expect(res.body.ledger_transaction_ids).toEqual([done.settlement.ledgerTransactionId]);

    // Escrow emptied; the tow operator owed its fees; the lender owed the obligation and its own
    // seller fee (a credit balance on its receivable); the borrower's surplus payable open.
    expect(await balance({ orgId: lender.orgId, purpose: 'auction_escrow' })).toBe(0);
    expect(await balance({ orgId: surplusJob.tow.orgId, purpose: 'partner_payable' })).toBe(62_500);
    expect(await balance({ orgId: lender.orgId, purpose: 'lender_receivable' })).toBe(-1_015_000);
    expect(await balance({ orgId: lender.orgId, purpose: 'borrower_surplus_payable' })).toBe(122_500);
    expect(await totalDue(surplusJob.caseId)).toBe(0);
    const [trial] = [...(await t.db.transaction((m) => ledger.trialBalance(m))).values()];
    expect(trial!.debits).toBe(trial!.credits);
    expect(await count(t, `SELECT count(*) AS n FROM outbox_events WHERE type = 'settlement.completed' AND aggregate_id = $1`, [surplusId])).toBe(1);
  });

  it('settling the same vehicle again answers the settlement already made and posts nothing', async () => {
    const before = [await transactions(), await settlements()];
    const again = await t.db.transaction((m) => service.settle(m, sale(surplusJob, 1_200_000)));
    expect([again.replayed, again.settlement.id]).toEqual([true, surplusId]);
    expect([await transactions(), await settlements()]).toEqual(before);
  });

  it('the partner sees only its own lines; another lender, an agency and bad ids get 404', async () => {
    const mine = await t.http.get(`/v1/settlements/${surplusId}`).set(surplusJob.tow.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.figures).toBeNull();
    expect(mine.body.lines.map((l: { kind: string }) => l.kind)).toEqual(['repossession', 'storage']);
    expectProblem(await t.http.get(`/v1/settlements/${surplusId}`).set(other.auth), 404, 'settlement.not_found');
    expectProblem(await t.http.get(`/v1/settlements/${surplusId}`).set(agency.auth), 404, 'settlement.not_found');
    expectProblem(await t.http.get('/v1/settlements/not-a-uuid').set(lender.auth), 404, 'settlement.not_found');
    expectProblem(await t.http.get(`/v1/settlements/${surplusId}/explanation`).set(surplusJob.tow.auth), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.get(`/v1/settlements/${surplusId}/explanation`).set(other.auth), 404, 'settlement.not_found');
    const platform = await t.http.get(`/v1/settlements/${surplusId}`).set(admin.auth);
    expect(platform.body.figures.outcome).toBe('surplus');
  });

  it('serves the §9-616 explanation as JSON and as a printable page in en and zh-CN', async () => {
    const json = await t.http.get(`/v1/settlements/${surplusId}/explanation`).set(lender.auth);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      statute: 'UCC §9-616',
      aggregate_obligation: { amount: usd(1_000_000), as_of: '2026-03-10', reflects_rebate: false },
      proceeds: { amount: usd(1_200_000) },
      obligation_less_proceeds: usd(-200_000),
      expenses: { total: usd(77_500) },
      credits: { by_type: [], total: usd(0) },
      result: { kind: 'surplus', amount: usd(122_500) },
      future_changes_statement: false,
      contact: { phone: '+1 800 555 0100', address: '1 Finance Way, Austin TX' },
    });
    for (const [lang, heading] of [
      ['en', 'Explanation of the calculation of your surplus or deficiency'],
      ['zh-CN', '车辆处置后余额或差额的计算说明'],
    ] as const) {
      const html = await t.http.get(`/v1/settlements/${surplusId}/explanation?format=html&lang=${lang}`).set(lender.auth);
      expect(html.status).toBe(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toContain(heading);
      expect(html.text).toContain('USD 1,225.00');
      expect(html.text).toContain('@media print');
    }
    expectProblem(await t.http.get(`/v1/settlements/${surplusId}/explanation?format=pdf`).set(lender.auth), 400, 'validation.failed');
  });

  it('the surplus is marked paid once: the payable closes; a second time is 409 and writes nothing', async () => {
    const viewer = await addUser(t, lender, 'viewer');
    const before = await transactions();
    expectProblem(await t.http.post(`/v1/settlements/${surplusId}/surplus-payment`).set(viewer.auth).send({ via: 'lender', reference: 'CHK-1' }), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post(`/v1/settlements/${surplusId}/surplus-payment`).set(lender.auth).send({ via: 'post', reference: '' }), 400, 'validation.failed');
    expectProblem(await t.http.post(`/v1/settlements/${surplusId}/surplus-payment`).set(other.auth).send({ via: 'lender', reference: 'CHK-1' }), 404, 'settlement.not_found');
    expect(await transactions()).toBe(before);

    const paid = await t.http.post(`/v1/settlements/${surplusId}/surplus-payment`).set(lender.auth).send({ via: 'lender', reference: 'CHK-1' });
    expect(paid.status).toBe(200);
    expect(paid.body.surplus_payment).toMatchObject({ via: 'lender', reference: 'CHK-1' });
    expect(paid.body.ledger_transaction_ids).toHaveLength(2);
    expect(await balance({ orgId: lender.orgId, purpose: 'borrower_surplus_payable' })).toBe(0);
    expect(await balance({ orgId: lender.orgId, purpose: 'lender_receivable' })).toBe(-1_137_500);

    const after = await transactions();
    expectProblem(await t.http.post(`/v1/settlements/${surplusId}/surplus-payment`).set(lender.auth).send({ via: 'lender', reference: 'CHK-2' }), 409, 'settlement.surplus_already_paid');
    expect(await transactions()).toBe(after);
  });

  it('a deficiency stays on the case; there is no surplus to pay', async () => {
    await buyerPaid('deficiency', 300_000);
    const done = await t.db.transaction((m) => service.settle(m, sale(deficiencyJob, 300_000, { credits: [{ type: 'add_on_refund', amount: usd(20_000), basis: 'GAP contract cancelled' }] })));
    deficiencyId = done.settlement.id;
    const res = await t.http.get(`/v1/settlements/${deficiencyId}`).set(lender.auth);
    expect(res.body.figures).toMatchObject({ outcome: 'deficiency', obligation_net: usd(980_000), distributed: usd(300_000), deficiency: usd(757_500) });
    expect(res.body.lines.find((l: { step: string }) => l.step === 'credit')).toMatchObject({ kind: 'add_on_refund', claimed: usd(20_000) });
    // The case keeps what the proceeds and the credit did not pay: 1,000,000 − 222,500 − 20,000.
    expect(await totalDue(deficiencyJob.caseId)).toBe(757_500);
    const explanation = await t.http.get(`/v1/settlements/${deficiencyId}/explanation`).set(lender.auth);
    expect(explanation.body).toMatchObject({ result: { kind: 'deficiency', amount: usd(757_500) }, future_changes_statement: true, credits: { by_type: [{ type: 'add_on_refund', amount: usd(20_000) }] } });
    const html = await t.http.get(`/v1/settlements/${deficiencyId}/explanation?format=html`).set(lender.auth);
    expect(html.text).toContain('Future debits, credits');

    const before = await transactions();
    expectProblem(await t.http.post(`/v1/settlements/${deficiencyId}/surplus-payment`).set(lender.auth).send({ via: 'lender', reference: 'X' }), 422, 'settlement.no_surplus');
    expect(await transactions()).toBe(before);
  });

  it('places the deficiency for collection in one call, once; the case carries it and is listed', async () => {
    const viewer = await addUser(t, lender, 'viewer');
    const before = [await count(t, 'SELECT count(*) AS n FROM settlements WHERE deficiency_placed_at IS NOT NULL'), await totalDue(deficiencyJob.caseId)];
    expectProblem(await t.http.post(`/v1/settlements/${deficiencyId}/place-deficiency`).set(viewer.auth), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post(`/v1/settlements/${deficiencyId}/place-deficiency`).set(other.auth), 404, 'settlement.not_found');
    expectProblem(await t.http.post(`/v1/settlements/${deficiencyId}/place-deficiency`).set(surplusJob.tow.auth), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.post(`/v1/settlements/${surplusId}/place-deficiency`).set(lender.auth), 422, 'settlement.no_deficiency');
    expect([await count(t, 'SELECT count(*) AS n FROM settlements WHERE deficiency_placed_at IS NOT NULL'), await totalDue(deficiencyJob.caseId)]).toEqual(before);

    // The repossession order ends (as its completion with the vehicle recovered does): the case is back on the lender's book.
    expect((await t.http.post(`/v1/jobs/${deficiencyJob.jobId}/recall`).set(lender.auth).send({ reason: 'vehicle sold' })).status).toBe(200);
    const schedule = await aFeeSchedule(t, lender);
    const { kind: _kind, case_ids: _cases, ...list } = aListingBody(schedule, []);
    const listings = () => count(t, "SELECT count(*) AS n FROM listing_cases c JOIN listings l ON l.id = c.listing_id WHERE c.case_id = $1 AND l.kind = 'collection'", [deficiencyJob.caseId]);
    // A listing the marketplace refuses leaves the deficiency unplaced: the same call can be made again.
    expectProblem(await t.http.post(`/v1/settlements/${deficiencyId}/place-deficiency`).set(lender.auth).send({ list: { ...list, fee_schedule_id: '00000000-0000-4000-8000-000000000000' } }), 404, 'fee_schedule.not_found');
    expectProblem(await t.http.post(`/v1/settlements/${deficiencyId}/place-deficiency`).set(lender.auth).send({ list: { ...list, bidding_mode: 'auction' } }), 400, 'validation.failed');
    expect([await count(t, 'SELECT count(*) AS n FROM settlements WHERE deficiency_placed_at IS NOT NULL'), await listings()]).toEqual([before[0], 0]);

    const placed = await t.http.post(`/v1/settlements/${deficiencyId}/place-deficiency`).set(lender.auth).send({ list });
    expect(placed.status).toBe(200);
    expect(placed.body.case).toMatchObject({ id: deficiencyJob.caseId, total_due: usd(757_500), status: 'listed', listable: false });
    expect(placed.body.listing).toMatchObject({ kind: 'collection', status: 'open' });
    expect(placed.body.settlement.deficiency_placed_at).toEqual(expect.any(String));
    expect(await listings()).toBe(1);
    expectProblem(await t.http.post(`/v1/settlements/${deficiencyId}/place-deficiency`).set(lender.auth).send({ list }), 409, 'settlement.deficiency_already_placed');
    expect(await listings()).toBe(1);
  });

  it('expenses beyond the proceeds: the partner is still owed them, and the case carries them in the deficiency', async () => {
    const job = await anAcceptedRepossession(t, admin, lender, { tow: surplusJob.tow });
    await buyerPaid('short', 50_000);
    const payableBefore = await balance({ orgId: job.tow.orgId, purpose: 'partner_payable' });
    const done = await t.db.transaction((m) => service.settle(m, sale(job, 50_000)));
    expect(done.settlement.deficiency).toBe(1_000_000 + 27_500);
    expect(await totalDue(job.caseId)).toBe(1_027_500);
    expect((await balance({ orgId: job.tow.orgId, purpose: 'partner_payable' })) - payableBefore).toBe(62_500);
  });

  it("records the borrower's requests: 14 days to answer, one free in six months, overdue told once", async () => {
    const requests = () => count(t, 'SELECT count(*) AS n FROM settlement_explanation_requests');
    const url = `/v1/settlements/${deficiencyId}/explanation-requests`;
    const now = t.clock.now();
    const before = await requests();
    expectProblem(await t.http.post(url).set(lender.auth).send({ received_at: 'yesterday' }), 400, 'validation.failed');
    expectProblem(await t.http.post(url).set(lender.auth).send({ received_at: new Date(now.getTime() + 3_600_000).toISOString() }), 422, 'settlement.request_in_future');
    expectProblem(await t.http.post(url).set(lender.auth).send({ received_at: '2026-03-01T00:00:00.000Z' }), 422, 'settlement.request_before_sale');
    expectProblem(await t.http.post(url).set(other.auth).send({ received_at: now.toISOString() }), 404, 'settlement.not_found');
    expect(await requests()).toBe(before);

    const receivedAt = new Date(now.getTime() - 3_600_000);
    const first = await t.http.post(url).set(lender.auth).send({ received_at: receivedAt.toISOString() });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ free: true, max_charge: usd(0), answer_due_at: new Date(receivedAt.getTime() + 14 * 86_400_000).toISOString(), answered_at: null });
    const second = await t.http.post(url).set(lender.auth).send({ received_at: now.toISOString() });
    expect(second.body).toMatchObject({ free: false, max_charge: usd(2_500) });

    const answered = await t.http.post(`${url}/${second.body.id}/answer`).set(lender.auth);
    expect(answered.status).toBe(200);
    expect(answered.body.answered_at).toEqual(expect.any(String));
    expectProblem(await t.http.post(`${url}/${second.body.id}/answer`).set(lender.auth), 409, 'settlement.request_already_answered');
    expectProblem(await t.http.post(`${url}/${surplusId}/answer`).set(lender.auth), 404, 'explanation_request.not_found');

    // Fifteen days later the unanswered request is overdue; the answered one is not.
    t.clock.advance(15 * 86_400_000);
    try {
      const job = t.app.get(ExplanationRequestDueJob);
      expect((await job.findOverdue(t.clock.now(), 100)).map((r) => r.requestId)).toContain(first.body.id);
      await job.handle({ requestId: first.body.id });
      expect(await job.handle({ requestId: first.body.id })).toEqual({ overdue: false });
      expect(await job.handle({ requestId: second.body.id })).toEqual({ overdue: false });
    } finally {
      t.clock.reset();
    }
    const list = await t.http.get(url).set(lender.auth);
    expect(list.body.data.map((r: { id: string; overdue_at: string | null }) => [r.id, r.overdue_at !== null])).toEqual([
      [second.body.id, false],
      [first.body.id, true],
    ]);
    expect(await count(t, `SELECT count(*) AS n FROM outbox_events WHERE type = 'settlement.explanation_overdue' AND payload->>'request_id' = $1`, [first.body.id])).toBe(1);
    // The lender's leads are told in their inbox, with a link to the settlement.
    const notice = await eventually(async () => {
      const inbox = await t.http.get('/v1/notifications').set(lender.auth);
      return (inbox.body.data as { type: string; title: string; data: Record<string, unknown> }[]).find((n) => n.type === 'settlement.explanation_overdue');
    }, 15_000, "the lender's overdue notice");
    expect(notice).toMatchObject({ title: 'Overdue: a borrower’s request for the explanation of a sale', data: expect.objectContaining({ settlement_id: deficiencyId }) });
  });

  it('refuses the explanation requests and the surplus payment to the wrong role, org kind and tenant, and writes nothing', async () => {
    const requests = () => count(t, 'SELECT count(*) AS n FROM settlement_explanation_requests');
    const url = `/v1/settlements/${deficiencyId}/explanation-requests`;
    const viewer = await addUser(t, lender, 'viewer');
    const [open] = await t.db.query('SELECT id FROM settlement_explanation_requests WHERE settlement_id = $1 AND answered_at IS NULL', [deficiencyId]);
    const before = [await requests(), await transactions(), await count(t, 'SELECT count(*) AS n FROM settlement_explanation_requests WHERE answered_at IS NOT NULL')];
    const body = { received_at: t.clock.now().toISOString() };
    expectProblem(await t.http.post(url).set(viewer.auth).send(body), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post(url).set(surplusJob.tow.auth).send(body), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.post(url).set(admin.auth).send(body), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.get(url).set(other.auth), 404, 'settlement.not_found');
    expectProblem(await t.http.post(`${url}/${open.id}/answer`).set(viewer.auth), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post(`${url}/${open.id}/answer`).set(other.auth), 404, 'settlement.not_found');
    expectProblem(await t.http.post(`/v1/settlements/${surplusId}/surplus-payment`).set(surplusJob.tow.auth).send({ via: 'lender', reference: 'X' }), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.post(`/v1/settlements/${surplusId}/surplus-payment`).set(admin.auth).send({ via: 'platform', reference: 'X' }), 403, 'auth.wrong_org_kind');
    expect([await requests(), await transactions(), await count(t, 'SELECT count(*) AS n FROM settlement_explanation_requests WHERE answered_at IS NOT NULL')]).toEqual(before);
  });

  it('races: a vehicle settled twice at once settles once; a surplus marked paid twice at once is paid once', async () => {
    const job = await anAcceptedRepossession(t, admin, lender, { tow: surplusJob.tow });
    await buyerPaid('race', 1_100_000);
    const before = await transactions();
    const both = await Promise.all([0, 1].map(() => t.db.transaction((m) => service.settle(m, sale(job, 1_100_000)))));
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(both[0].settlement.id).toBe(both[1].settlement.id);
    expect(await transactions()).toBe(before + 1);
    expect(await count(t, 'SELECT count(*) AS n FROM settlements WHERE vehicle_id = $1', [job.vehicleId])).toBe(1);

    const id = both[0].settlement.id;
    const paid = await Promise.all([0, 1].map((i) => t.http.post(`/v1/settlements/${id}/surplus-payment`).set(lender.auth).send({ via: 'platform', reference: `WIRE-${i}` })));
    expect(paid.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await transactions()).toBe(before + 2);
  });

  it('credits beyond the obligation: the obligation takes nothing, the lender refunds the excess with the surplus, the case is paid off', async () => {
    const job = await anAcceptedRepossession(t, admin, lender, { tow: surplusJob.tow });
    await buyerPaid('over-credited', 500_000);
    const before = { receivable: await balance({ orgId: lender.orgId, purpose: 'lender_receivable' }), payable: await balance({ orgId: lender.orgId, purpose: 'borrower_surplus_payable' }) };
    // A rebate and a cancelled add-on together 10,500.00 against 10,000.00 due (a payment came in after they were recorded).
    const credits = [
      { type: 'unearned_interest_rebate' as const, amount: usd(650_000), basis: 'rebate of unearned finance charge' },
      { type: 'add_on_refund' as const, amount: usd(400_000), basis: 'service contract cancelled' },
    ];
    const done = await t.db.transaction((m) => service.settle(m, sale(job, 500_000, { credits })));
    const res = await t.http.get(`/v1/settlements/${done.settlement.id}`).set(lender.auth);
    expect(res.body.lines.filter((l: { step: string }) => l.step !== 'credit').map((l: { step: string; kind: string; applied: { amount: number } }) => `${l.step}:${l.kind} ${l.applied.amount}`)).toEqual([
      'expenses:repossession 45000',
      'expenses:storage 17500',
      'expenses:seller_fee 15000',
      'obligation:secured_obligation 0',
      'surplus:surplus 422500',
    ]);
    expect(res.body.lines[3].basis).toBe('total due at the sale date 1000000 less credits 1050000 (unearned_interest_rebate 650000, add_on_refund 400000); the credits exceed it by 50000, owed to the borrower');
    expect(res.body.figures).toMatchObject({ outcome: 'surplus', obligation_net: usd(0), credit_refund: usd(50_000), distributed: usd(500_000), surplus: usd(472_500), deficiency: usd(0) });
    // The surplus payable holds the proceeds left and the refund; the lender is owed its seller fee and owes the refund.
    expect((await balance({ orgId: lender.orgId, purpose: 'borrower_surplus_payable' })) - before.payable).toBe(472_500);
    expect((await balance({ orgId: lender.orgId, purpose: 'lender_receivable' })) - before.receivable).toBe(-15_000 + 50_000);
    expect(await totalDue(job.caseId)).toBe(0);
    const explanation = await t.http.get(`/v1/settlements/${done.settlement.id}/explanation`).set(lender.auth);
    // §9-616(c)(6): −(1,000,000 − 500,000) − 77,500 + 1,050,000 = 472,500.
    expect(explanation.body).toMatchObject({ obligation_less_proceeds: usd(500_000), expenses: { total: usd(77_500) }, credits: { total: usd(1_050_000) }, result: { kind: 'surplus', amount: usd(472_500) } });
  });

  it('refuses a sale it cannot settle or explain, and writes nothing', async () => {
    const job = await anAcceptedRepossession(t, admin, lender, { tow: surplusJob.tow });
    const before = [await transactions(), await settlements(), await totalDue(job.caseId)];
    await expect(t.db.transaction((m) => service.settle(m, sale(job, 500_000, { obligationAsOf: new Date('2026-01-01T00:00:00Z') })))).rejects.toMatchObject({ code: 'settlement.invalid_input', status: 422 });
    await expect(t.db.transaction((m) => service.settle(m, sale(job, 500_000, { contact: {} })))).rejects.toMatchObject({ code: 'settlement.invalid_input', status: 422 });
    await expect(t.db.transaction((m) => service.settle(m, sale(job, 500_000, { hammerPrice: money(500_000, 'EUR') })))).rejects.toMatchObject({ code: 'settlement.currency_mismatch', status: 422 });
    await expect(t.db.transaction((m) => service.settle(m, sale(job, 500_000, { lenderOrgId: other.orgId })))).rejects.toMatchObject({ code: 'case.not_found', status: 404 });
    expect([await transactions(), await settlements(), await totalDue(job.caseId)]).toEqual(before);
  });

  it('lists settlements by sale day with totals per currency', async () => {
    const res = await t.http.get('/v1/settlements?from=2026-03-10&to=2026-03-10').set(lender.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([surplusId, deficiencyId]));
    expect(res.body.data).toHaveLength(5);
    expect(res.body.totals).toEqual([{ currency: 'USD', count: 5, proceeds: usd(3_150_000), surplus: usd(122_500 + 22_500 + 472_500), surplus_unpaid: usd(472_500), deficiency: usd(757_500 + 1_027_500) }]);
    const page = await t.http.get('/v1/settlements?limit=2').set(lender.auth);
    expect([page.body.data.length, typeof page.body.next_cursor, page.body.totals[0].count]).toEqual([2, 'string', 5]);
    const none = await t.http.get('/v1/settlements?from=2026-03-11').set(lender.auth);
    expect([none.body.data, none.body.totals]).toEqual([[], []]);
    const others = await t.http.get('/v1/settlements').set(other.auth);
    expect(others.body.data).toEqual([]);
    expectProblem(await t.http.get('/v1/settlements?from=2026-02-30').set(lender.auth), 400, 'validation.failed');
    expectProblem(await t.http.get('/v1/settlements').set(surplusJob.tow.auth), 403, 'auth.wrong_org_kind');
  });
});
