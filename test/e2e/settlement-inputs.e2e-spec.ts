import { money } from '../../src/common/money';
import { AccountRef } from '../../src/ledger/domain/posting';
import { LedgerService } from '../../src/ledger/ledger.service';
import { SettlementService } from '../../src/settlement/settlement.service';
import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import { anAuctionSale, buyerPaidIntoEscrow, DAY, reportEvent } from '../support/settlement';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (n: number) => money(n, 'USD');

/**
 * The settlement inputs a lender records for a vehicle (issue 16) — credits, reconditioning,
 * subordinate liens, a related-party sale, the explanation's contact — refused when they
 * cannot be taken, and taken by `settleAuctionSale` when the lot is paid.
 */
describe('settlement inputs: what the lender records, then the paid lot settles on it', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let other: OrgSession;
  let viewer: OrgSession;
  let job: RepossessionJob;
  const url = (path = '') => `/v1/vehicles/${job.vehicleId}/settlement-inputs${path}`;
  const written = async () => [
    await count(t, 'SELECT count(*) AS n FROM settlement_credits'),
    await count(t, 'SELECT count(*) AS n FROM settlement_reconditioning'),
    await count(t, 'SELECT count(*) AS n FROM settlement_legal_expenses'),
    await count(t, 'SELECT count(*) AS n FROM subordinate_liens'),
    await count(t, 'SELECT count(*) AS n FROM settlement_sale_terms'),
    await count(t, "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'settlement_inputs.%'"),
  ];
  const balance = (ref: AccountRef) => t.db.transaction(async (m) => (await t.app.get(LedgerService).balance(m, ref, 'USD')).amount);

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    other = await aLender(t).build();
    viewer = await addUser(t, lender, 'viewer');
    job = await anAcceptedRepossession(t, admin, lender, { borrower: { preferred_language: 'zh-CN' } });
  }, 180_000);
  afterAll(() => t.close());

  jest.setTimeout(120_000);

  it('refuses the wrong tenant (404), role (403), org kind (403) and bad input (400, 422), and writes nothing', async () => {
    const credit = { type: 'add_on_refund', amount: usd(20_000), basis: 'GAP cancelled' };
    const before = await written();
    expectProblem(await t.http.post(url('/credits')).set(other.auth).send(credit), 404, 'vehicle.not_found');
    expectProblem(await t.http.get(url()).set(other.auth), 404, 'vehicle.not_found');
    expectProblem(await t.http.post('/v1/vehicles/not-a-uuid/settlement-inputs/credits').set(lender.auth).send(credit), 404, 'vehicle.not_found');
    expectProblem(await t.http.post(url('/credits')).set(viewer.auth).send(credit), 403, 'auth.insufficient_role');
    expectProblem(await t.http.put(url('/related-party-sale')).set(viewer.auth).send({ buyer_relation: 'lender' }), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post(url('/credits')).set(job.tow.auth).send(credit), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.post(url('/credits')).set(lender.auth).send({ ...credit, type: 'goodwill' }), 400, 'validation.failed');
    expectProblem(await t.http.post(url('/credits')).set(lender.auth).send({ ...credit, amount: { amount: 12.5, currency: 'USD' } }), 400, 'validation.failed');
    expectProblem(await t.http.post(url('/subordinate-liens')).set(lender.auth).send({ holder: 'X', amount: usd(1), demand_received_at: 'last week' }), 400, 'validation.failed');
    const rules: [string, Record<string, unknown>, string, string][] = [
      ['/credits', { ...credit, amount: money(20_000, 'EUR') }, 'settlement.currency_mismatch', 'amount.currency'],
      ['/credits', { ...credit, amount: usd(0) }, 'settlement.invalid_input', 'amount.amount'],
      ['/credits', { ...credit, amount: usd(1_000_001) }, 'settlement.credits_exceed_obligation', 'amount'],
      ['/reconditioning', { amount: usd(0), description: 'tyres', invoice_ref: 'INV-1' }, 'settlement.invalid_input', 'amount.amount'],
      // No clause of the agreement provides for attorney's fees yet (UCC §9-615(a)(1)).
      ['/legal-expenses', { amount: usd(35_000), description: 'replevin counsel', invoice_ref: 'LAW-1' }, 'settlement.legal_fees_not_provided', 'legal_fees_clause'],
      ['/subordinate-liens', { holder: 'Credit Union', amount: usd(50_000), demand_received_at: new Date(Date.now() + DAY).toISOString() }, 'settlement.invalid_input', 'demand_received_at'],
      ['/subordinate-liens', { holder: 'Credit Union', amount: usd(50_000), proof_received_at: new Date(Date.now() - DAY).toISOString() }, 'settlement.invalid_input', 'proof_received_at'],
    ];
    for (const [path, body, code, field] of rules) {
      const res = expectProblem(await t.http.post(url(path)).set(lender.auth).send(body), 422, code);
      expect(res.errors?.map((e) => e.field)).toContain(field);
    }
    const unrelated = expectProblem(await t.http.put(url('/related-party-sale')).set(lender.auth).send({ buyer_relation: null, commercially_reasonable_amount: usd(900_000), basis: 'quotes' }), 422, 'settlement.invalid_input');
    expect(unrelated.errors?.[0]?.field).toBe('commercially_reasonable_amount');
    expectProblem(await t.http.put(url('/related-party-sale')).set(lender.auth).send({ buyer_relation: 'lender', commercially_reasonable_amount: usd(900_000) }), 422, 'settlement.invalid_input');
    expectProblem(await t.http.put(url('/explanation-contact')).set(lender.auth).send({}), 422, 'settlement.contact_required');
    expectProblem(await t.http.put(url('/legal-fees-agreement')).set(lender.auth).send({ clause: '' }), 400, 'validation.failed');
    expectProblem(await t.http.put(url('/obligation-rebate')).set(lender.auth).send({ reflects_rebate: 'yes' }), 400, 'validation.failed');
    expectProblem(await t.http.put(url('/obligation-rebate')).set(viewer.auth).send({ reflects_rebate: true }), 403, 'auth.insufficient_role');
    expectProblem(await t.http.put(url('/legal-fees-agreement')).set(viewer.auth).send({ clause: 'RIC §14' }), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post(url('/legal-expenses')).set(other.auth).send({ amount: usd(1), description: 'x', invoice_ref: 'y' }), 404, 'vehicle.not_found');
    expectProblem(await t.http.patch(url('/subordinate-liens/00000000-0000-4000-8000-000000000000')).set(lender.auth).send({ demand_received_at: null }), 404, 'subordinate_lien.not_found');
    expect(await written()).toEqual(before);
  });

  it('records them; the paid lot settles on them: credits off the obligation, reconditioning an expense, liens by demand and proof, §9-615(f) flagged', async () => {
    const base = Date.now();
    await reportEvent(t, job, { type: 'vehicle_recovered', mode: 'involuntary', odometer: 60_000, occurred_at: new Date(base - 15 * DAY).toISOString() });
    const iso = (ms: number) => new Date(ms).toISOString();
    const steps: [string, 'post' | 'put', string, Record<string, unknown>][] = [
      ['credit', 'post', '/credits', { type: 'add_on_refund', amount: usd(20_000), basis: 'GAP contract cancelled 2026-03-02' }],
      ['reconditioning', 'post', '/reconditioning', { amount: usd(30_000), description: 'two tyres, detailing', invoice_ref: 'INV-0415' }],
      ['paid lien', 'post', '/subordinate-liens', { holder: 'Second Street Credit Union', amount: usd(25_000), demand_received_at: iso(base - 3 * DAY), proof_requested_at: iso(base - 3 * DAY + 3_600_000) }],
      ['late lien', 'post', '/subordinate-liens', { holder: 'Title Loans R Us', amount: usd(40_000), demand_received_at: iso(base - DAY / 2) }],
      ['unproven lien', 'post', '/subordinate-liens', { holder: 'Mechanic lien', amount: usd(10_000), demand_received_at: iso(base - 4 * DAY), proof_requested_at: iso(base - 4 * DAY) }],
      ['related party', 'put', '/related-party-sale', { buyer_relation: 'related_person', commercially_reasonable_amount: usd(1_100_000), basis: 'two dealer quotes, March 2026' }],
      ['contact', 'put', '/explanation-contact', { phone: '+1 800 555 0100', address: '1 Finance Way, Austin TX' }],
    ];
    for (const [what, method, path, body] of steps) {
      const res = await t.http[method](url(path)).set(lender.auth).send(body);
      expect([what, res.status]).toEqual([what, method === 'post' ? 201 : 200]);
    }
    const paidLien = (await t.http.get(url()).set(lender.auth)).body.subordinate_liens[0];
    const proof = await t.http.patch(url(`/subordinate-liens/${paidLien.id}`)).set(lender.auth).send({ proof_received_at: iso(base - 2 * DAY) });
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({
      case_id: job.caseId,
      currency: 'USD',
      settlement_id: null,
      credits: [{ type: 'add_on_refund', amount: usd(20_000) }],
      reconditioning: [{ amount: usd(30_000), invoice_ref: 'INV-0415' }],
      subordinate_liens: [
        { priority: 1, holder: 'Second Street Credit Union', proof_received_at: iso(base - 2 * DAY) },
        { priority: 2, holder: 'Title Loans R Us' },
        { priority: 3, holder: 'Mechanic lien', proof_received_at: null },
      ],
      related_party_sale: { buyer_relation: 'related_person', commercially_reasonable_amount: usd(1_100_000) },
      explanation_contact: { phone: '+1 800 555 0100' },
    });
    expect(await count(t, "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'settlement_inputs.%' AND entity_id = $1", [job.vehicleId])).toBe(8);

    // Sold to a related person for 9,000.00 where a complying sale would have brought 11,000.00.
    const sale = anAuctionSale(job, lender.orgId, base, 900_000);
    await buyerPaidIntoEscrow(t, lender.orgId, sale.lotId, 900_000);
    const done = await t.db.transaction((m) => t.app.get(SettlementService).settleAuctionSale(m, sale));
    const res = await t.http.get(`/v1/settlements/${done.settlement.id}`).set(lender.auth);
    expect(res.body.lines.map((l: { step: string; kind: string; applied: { amount: number } }) => `${l.step}:${l.kind} ${l.applied.amount}`)).toEqual([
      'expenses:repossession 45000',
      'expenses:reconditioning 30000',
      'expenses:seller_fee 15000',
      'obligation:secured_obligation 980000',
      'subordinate_lien:subordinate_lien 25000',
      'surplus:surplus 5000',
      'credit:add_on_refund 20000',
      'excluded:subordinate_lien 0',
      'excluded:subordinate_lien 0',
    ]);
    expect(res.body.lines[4].payee).toBe('Second Street Credit Union');
    expect(res.body.lines.slice(7).map((l: { basis: string; statute: string }) => [l.statute, l.basis])).toEqual([
      ['UCC §9-615(a)(3)(A)', 'Title Loans R Us: the demand was received after distribution was completed'],
      ['UCC §9-615(b)', 'Mechanic lien: the reasonable proof of the lien that was asked for was not furnished'],
    ]);
    expect(res.body.figures).toMatchObject({ hammer_price: usd(900_000), proceeds_applied: usd(1_100_000), related_party_sale: true, related_party_below_market: true, commercially_reasonable_amount: usd(1_100_000), credits: usd(20_000), surplus: usd(5_000), distributed: usd(1_100_000) });
    expect(await balance({ orgId: lender.orgId, purpose: 'borrower_surplus_payable' })).toBe(5_000);
    const explanation = await t.http.get(`/v1/settlements/${done.settlement.id}/explanation`).set(lender.auth);
    expect(explanation.body).toMatchObject({
      proceeds: { amount: usd(1_100_000), hammer_price: usd(900_000), related_party_below_market: true },
      credits: { by_type: [{ type: 'add_on_refund', amount: usd(20_000) }] },
      lienholder_payments: [{ holder: 'Second Street Credit Union', amount: usd(25_000) }],
      result: { kind: 'surplus', amount: usd(5_000) },
    });
    // The printable page is in the borrower's preferred language unless asked for another.
    const page = await t.http.get(`/v1/settlements/${done.settlement.id}/explanation?format=html`).set(lender.auth);
    expect([page.status, page.headers['content-language']]).toEqual([200, 'zh-CN']);
    expect(page.text).toContain('车辆处置后余额或差额的计算说明');
    expect(page.text).toContain('出售给贷款方或其关联人');
    const english = await t.http.get(`/v1/settlements/${done.settlement.id}/explanation?format=html&lang=en`).set(lender.auth);
    expect([english.headers['content-language'], english.text.includes('sold to the lender or a related person for USD 9,000.00')]).toEqual(['en', true]);

    // Settled: what it was settled on no longer changes (409, nothing written); the contact still may.
    const before = await written();
    expectProblem(await t.http.post(url('/credits')).set(lender.auth).send({ type: 'other', amount: usd(100), basis: 'late' }), 409, 'settlement.inputs_closed');
    expectProblem(await t.http.patch(url(`/subordinate-liens/${paidLien.id}`)).set(lender.auth).send({ demand_received_at: null }), 409, 'settlement.inputs_closed');
    expectProblem(await t.http.put(url('/related-party-sale')).set(lender.auth).send({ buyer_relation: null }), 409, 'settlement.inputs_closed');
    expectProblem(await t.http.put(url('/legal-fees-agreement')).set(lender.auth).send({ clause: 'RIC §14' }), 409, 'settlement.inputs_closed');
    expectProblem(await t.http.put(url('/obligation-rebate')).set(lender.auth).send({ reflects_rebate: true }), 409, 'settlement.inputs_closed');
    expect(await written()).toEqual(before);
    const moved = await t.http.put(url('/explanation-contact')).set(lender.auth).send({ address: '2 Finance Way, Austin TX' });
    expect(moved.body.settlement_id).toBe(done.settlement.id);
    expect((await t.http.get(`/v1/settlements/${done.settlement.id}/explanation`).set(lender.auth)).body.contact).toEqual({ phone: null, address: '2 Finance Way, Austin TX' });
  });
});
