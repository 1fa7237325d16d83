import { randomUUID } from 'node:crypto';
import { money } from '../../src/common/money';
import { AccountRef } from '../../src/ledger/domain/posting';
import { LedgerService } from '../../src/ledger/ledger.service';
import { AuctionSale, SettlementService } from '../../src/settlement/settlement.service';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import { anAuctionSale, buyerPaidIntoEscrow, DAY, reportEvent } from '../support/settlement';
import { createTestApp, TestApp } from '../support/test-app';

const usd = (n: number) => money(n, 'USD');

/**
 * `settleAuctionSale` (issue 16) on a world the codebase builds through its own flows: a case
 * placed with its vehicle, a repossession listed, awarded and accepted on frozen terms, the
 * recovery and the storage reported by the tow operator, the personal effects released. The
 * auction's invoice payment (auc-money) will call it in its paid transaction; here the test does,
 * after posting the buyer's payment into the escrow as the auction does.
 */
describe('settleAuctionSale: a paid lot settled from the record', () => {
  let t: TestApp;
  let service: SettlementService;
  let ledger: LedgerService;
  let admin: OrgSession;
  let lender: OrgSession;
  let other: OrgSession;

  const balance = (ref: AccountRef) => t.db.transaction(async (m) => (await ledger.balance(m, ref, 'USD')).amount);
  const transactions = () => count(t, 'SELECT count(*) AS n FROM ledger_transactions');
  const totalDue = async (caseId: string) => Number((await t.db.query('SELECT total_due FROM cases WHERE id = $1', [caseId]))[0].total_due);
  const buyerPaid = (lotId: string, amount: number) => buyerPaidIntoEscrow(t, lender.orgId, lotId, amount);
  const event = (job: RepossessionJob, body: Record<string, unknown>) => reportEvent(t, job, body);

  /** Recovered 20 days ago (with a child seat in it), stored three hours later, the effects released without a fee. */
  const recoveredAndStored = async (job: RepossessionJob, base: number) => {
    await event(job, { type: 'vehicle_recovered', mode: 'involuntary', odometer: 81_230, personal_property: [{ description: 'child seat' }], occurred_at: new Date(base - 20 * DAY).toISOString() });
    await event(job, { type: 'vehicle_stored', yard_id: randomUUID(), occurred_at: new Date(base - 20 * DAY + 3 * 3_600_000).toISOString() });
    const effects = (await t.http.get(`/v1/jobs/${job.jobId}/personal-effects`).set(job.tow.auth)).body.data as { id: string }[];
    expectProblem(await t.http.post(`/v1/jobs/${job.jobId}/personal-effects/${effects[0]!.id}/release`).set(job.tow.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe', fee: usd(5_000) }), 422, 'personal_effects.fee_refused');
    expect((await t.http.post(`/v1/jobs/${job.jobId}/personal-effects/${effects[0]!.id}/release`).set(job.tow.auth).send({ released_to: 'borrower', recipient_name: 'Jane Doe' })).status).toBe(200);
  };

  const aSale = (job: RepossessionJob, base: number, hammer: number, change: Partial<AuctionSale> = {}) => anAuctionSale(job, lender.orgId, base, hammer, change);

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    service = t.app.get(SettlementService);
    ledger = t.app.get(LedgerService);
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    other = await aLender(t).build();
  }, 120_000);
  jest.setTimeout(120_000);
  afterAll(() => t.close());

  it('a surplus: the repossession fee and the storage actually incurred on the frozen terms, the seller fee, the obligation; the ledger balances', async () => {
    const job = await anAcceptedRepossession(t, admin, lender, { fees: { storage_per_day: usd(2_500), free_storage_days: 5 } });
    const base = Date.now();
    await recoveredAndStored(job, base);
    const sale = aSale(job, base, 1_200_000);
    await buyerPaid(sale.lotId, 1_200_000);
    const before = { txs: await transactions(), revenue: await balance({ orgId: null, purpose: 'platform_revenue' }), tow: await balance({ orgId: job.tow.orgId, purpose: 'partner_payable' }) };

    const done = await t.db.transaction((m) => service.settleAuctionSale(m, sale));
    expect(done.replayed).toBe(false);
    expect(await transactions()).toBe(before.txs + 1);

    const res = await t.http.get(`/v1/settlements/${done.settlement.id}`).set(lender.auth);
    expect(res.status).toBe(200);
    // Stored 20 days less 3 hours before the sale minus 2 days: 18 started days, 13 after the 5 free.
    expect(res.body.lines.map((l: { step: string; kind: string; applied: { amount: number } }) => `${l.step}:${l.kind} ${l.applied.amount}`)).toEqual([
      'expenses:repossession 45000',
      'expenses:storage 32500',
      'expenses:seller_fee 15000',
      'obligation:secured_obligation 1000000',
      'surplus:surplus 107500',
    ]);
    expect(res.body.lines[1].basis).toMatch(/^storage 13 days × 2500 \(18 stored, 5 free\), stored /);
    expect(res.body.lines[0]).toMatchObject({ payee_org_id: job.tow.orgId, source_ref: job.jobId });
    expect(res.body.lines[2]).toMatchObject({ payee_org_id: null, source_ref: sale.lotId, basis: 'seller fee: listing fee (auction lot)' });
    // A personal-property release is never a fee: no line for it, whatever the yard asked.
    expect(res.body.lines.some((l: { basis: string }) => /personal|release/i.test(l.basis))).toBe(false);
    expect(res.body).toMatchObject({ lot_id: sale.lotId, possession_at: new Date(base - 20 * DAY).toISOString(), sale_at: sale.saleAt.toISOString(), distribution_completed_at: sale.paidAt.toISOString() });
    expect(res.body.figures).toMatchObject({ outcome: 'surplus', distributed: usd(1_200_000), surplus: usd(107_500), related_party_sale: false });

    expect(await balance({ orgId: lender.orgId, purpose: 'auction_escrow' })).toBe(0);
    expect((await balance({ orgId: job.tow.orgId, purpose: 'partner_payable' })) - before.tow).toBe(77_500);
    expect(await balance({ orgId: lender.orgId, purpose: 'lender_receivable' })).toBe(-1_015_000);
    expect(await balance({ orgId: lender.orgId, purpose: 'borrower_surplus_payable' })).toBe(107_500);
    // The buyer premium is the auction's to post: the settlement leaves the platform's revenue alone.
    expect(await balance({ orgId: null, purpose: 'platform_revenue' })).toBe(before.revenue);
    expect(await totalDue(job.caseId)).toBe(0);

    // The tow operator sees its own lines.
    const mine = await t.http.get(`/v1/settlements/${done.settlement.id}`).set(job.tow.auth);
    expect(mine.body.lines.map((l: { kind: string }) => l.kind)).toEqual(['repossession', 'storage']);

    // The same lot again: the settlement already made, nothing posted.
    const again = await t.db.transaction((m) => service.settleAuctionSale(m, sale));
    expect([again.replayed, again.settlement.id, await transactions()]).toEqual([true, done.settlement.id, before.txs + 1]);

    // The lender had not recorded the explanation's contact: the payment went through, the explanation waits for it.
    expectProblem(await t.http.get(`/v1/settlements/${done.settlement.id}/explanation`).set(lender.auth), 422, 'settlement.contact_required');
    const contact = await t.http.put(`/v1/vehicles/${job.vehicleId}/settlement-inputs/explanation-contact`).set(lender.auth).send({ phone: '+1 800 555 0100' });
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ settlement_id: done.settlement.id, explanation_contact: { phone: '+1 800 555 0100', address: null } });
    const explanation = await t.http.get(`/v1/settlements/${done.settlement.id}/explanation`).set(lender.auth);
    expect(explanation.status).toBe(200);
    expect(explanation.body).toMatchObject({ result: { kind: 'surplus', amount: usd(107_500) }, contact: { phone: '+1 800 555 0100' }, aggregate_obligation: { as_of: sale.saleAt.toISOString().slice(0, 10) } });
  });

  it('a deficiency: nothing recorded beyond the recovery is charged; the case carries the rest', async () => {
    const job = await anAcceptedRepossession(t, admin, lender);
    const base = Date.now();
    await event(job, { type: 'vehicle_recovered', mode: 'voluntary', odometer: 50_000, occurred_at: new Date(base - 10 * DAY).toISOString() });
    const sale = aSale(job, base, 400_000, { sellerFees: [] });
    await buyerPaid(sale.lotId, 400_000);
    const done = await t.db.transaction((m) => service.settleAuctionSale(m, sale));
    // A voluntary surrender under terms that price only an involuntary repossession costs nothing.
    expect(done.lines.filter((l) => l.step === 'expenses')).toEqual([]);
    expect(done.settlement).toMatchObject({ outcome: 'deficiency', deficiency: 600_000, possessionAt: new Date(base - 10 * DAY) });
    expect(await totalDue(job.caseId)).toBe(600_000);
  });

  it('refuses a vehicle that is not the lender’s, and writes nothing', async () => {
    const job = await anAcceptedRepossession(t, admin, lender);
    const before = await transactions();
    await expect(t.db.transaction((m) => service.settleAuctionSale(m, aSale(job, Date.now(), 500_000, { lenderOrgId: other.orgId })))).rejects.toMatchObject({ code: 'vehicle.not_found', status: 404 });
    expect(await transactions()).toBe(before);
    expect(await count(t, 'SELECT count(*) AS n FROM settlements WHERE vehicle_id = $1', [job.vehicleId])).toBe(0);
  });
});
