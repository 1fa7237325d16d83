import { LedgerService } from '../../src/ledger/ledger.service';
import { StatementsMonthlyJob } from '../../src/payments/statements-monthly.job';
import { StatementsService } from '../../src/payments/statements.service';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aPartner, count, usd } from '../support/marketplace';
import { aCaseOnAJob, confirmPayment } from '../support/payments';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('partner statements: closed once issued, corrections on the next, paid once', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender, { currency: 'USD', contingency_bps: 2500 });
    expect((await t.http.post('/v1/admin/platform-fee-schedules').set(admin.auth).send({ currency: 'USD', recovered_bps: 500 })).status).toBe(201);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const payable = (partner: OrgSession) => t.db.transaction((m) => t.app.get(LedgerService).balance(m, { orgId: partner.orgId, purpose: 'partner_payable' }, 'USD'));
  const issue = (who: OrgSession, body: Record<string, unknown> = { currency: 'USD' }) => t.http.post('/v1/statements').set(who.auth).send(body);

  it('states each commission with its basis: what the lender owes, what the platform keeps, the net payable', async () => {
    const partner = await aPartner(t, admin);
    const { caseId, jobId } = await aCaseOnAJob(t, lender, schedule, partner);
    const first = await confirmPayment(t, lender, caseId, 10_000);
    await confirmPayment(t, lender, caseId, 333);
    const res = await issue(partner);
    expect(res.status).toBe(201);
    // 15 % of 10 000 = 1 500 (fee 500); running 10 333 × 15 % = 1549.95 → 1 550, so 50 (fee 16.65 → 17)
    expect(res.body).toMatchObject({
      partner_org_id: partner.orgId,
      kind: 'on_demand',
      status: 'issued',
      period_start: null,
      lender_owes: usd(1_550),
      platform_keeps: usd(517),
      earned_net: usd(1_033),
      carried_forward: usd(0),
      net_payable: usd(1_033),
      line_count: 2,
      payout: null,
    });
    expect(res.body.lines[0]).toMatchObject({ line: 1, kind: 'commission', payment_id: first.body.id, job_id: jobId, case_id: caseId, recovered: usd(10_000), commission: usd(1_500), platform_fee: usd(500), net: usd(1_000) });
    expect(res.body.lines[0].basis.map((b: { basis: string }) => b.basis)).toEqual(['1500 bps × 10000', '500 bps × 10000']);
    expect((await payable(partner)).amount).toBe(1_033);

    const csv = await t.http.get(`/v1/statements/${res.body.id}/export.csv`).set(partner.auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe('line,kind,posted_at,payment_id,job_id,case_id,lender_org_id,recovered,commission,platform_fee,net,currency,basis');
    expect(rows[1]).toContain(',10000,1500,500,1000,USD,contingency: 1500 bps × 10000 = 1500; platform_fee: 500 bps × 10000 = 500');

    const listed = await t.http.get('/v1/statements').set(partner.auth);
    expect(listed.body.data.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
    expect(listed.body.data[0].lines).toBeUndefined();
  });

  it('is closed once issued: nothing new is 422, the database refuses edits, a reversal lands on the next statement and carries forward', async () => {
    const partner = await aPartner(t, admin);
    const { caseId } = await aCaseOnAJob(t, lender, schedule, partner);
    const paid = await confirmPayment(t, lender, caseId, 10_000);
    const first = await issue(partner);
    expect(first.body.net_payable).toEqual(usd(1_000));
    expectProblem(await issue(partner), 422, 'statement.nothing_to_state');
    await expect(t.db.query(`UPDATE statements SET net_payable = 1, earned_net = 1 WHERE id = $1`, [first.body.id])).rejects.toThrow(/closed once issued/);
    await expect(t.db.query(`UPDATE statement_lines SET net = 0 WHERE statement_id = $1`, [first.body.id])).rejects.toThrow(/closed once issued/);
    await expect(t.db.query(`DELETE FROM statements WHERE id = $1`, [first.body.id])).rejects.toThrow(/never deleted/);

    expect((await t.http.post(`/v1/payments/${paid.body.id}/reverse`).set(lender.auth).send({ reason: 'bounced' })).status).toBe(200);
    const unchanged = await t.http.get(`/v1/statements/${first.body.id}`).set(partner.auth);
    expect(unchanged.body).toMatchObject({ net_payable: usd(1_000), line_count: 1 });
    const second = await issue(partner);
    expect(second.body).toMatchObject({ period_start: first.body.period_end, net_payable: usd(-1_000), lines: [expect.objectContaining({ kind: 'reversal', net: usd(-1_000), recovered: usd(-10_000) })] });
    await confirmPayment(t, lender, caseId, 20_000);
    const third = await issue(partner);
    expect(third.body).toMatchObject({ earned_net: usd(2_000), carried_forward: usd(-1_000), net_payable: usd(1_000) });
  });

  it('issues one statement when ten are asked for at once', async () => {
    const partner = await aPartner(t, admin);
    const { caseId } = await aCaseOnAJob(t, lender, schedule, partner);
    await confirmPayment(t, lender, caseId, 10_000);
    await confirmPayment(t, lender, caseId, 5_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => issue(partner)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expectProblem(r, 422, 'statement.nothing_to_state');
    expect(results.find((r) => r.status === 201)!.body).toMatchObject({ line_count: 2, net_payable: usd(1_500) });
    expect(await count(t, `SELECT count(*) AS n FROM statement_lines l JOIN statements s ON s.id = l.statement_id WHERE s.partner_org_id = $1`, [partner.orgId])).toBe(2);
  });

  it('issues the monthly statements on the first, once per partner and currency', async () => {
    const partner = await aPartner(t, admin);
    const { caseId } = await aCaseOnAJob(t, lender, schedule, partner);
    await confirmPayment(t, lender, caseId, 4_000);
    const now = new Date();
    const firstOfNext = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 3));
    t.clock.set(firstOfNext);
    const job = t.app.get(StatementsMonthlyJob);
    expect((await job.handle({})).issued).toBeGreaterThanOrEqual(1);
    expect((await job.handle({})).issued).toBe(0);
    const mine = await t.http.get('/v1/statements?currency=USD').set(partner.auth);
    expect(mine.body.data).toEqual([expect.objectContaining({ kind: 'monthly', period_end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(), net_payable: usd(400) })]);
    expect(await count(t, `SELECT count(*) AS n FROM statements WHERE partner_org_id = $1`, [partner.orgId])).toBe(1);
  });

  it('pays a statement once (manual payout posting), even in parallel; a net not above zero is refused', async () => {
    const partner = await aPartner(t, admin);
    const { caseId } = await aCaseOnAJob(t, lender, schedule, partner);
    await confirmPayment(t, lender, caseId, 10_000);
    const statement = (await issue(partner)).body;
    const service = t.app.get(StatementsService);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => t.db.transaction((m) => service.postPayout(m, statement.id, { via: 'manual', reference: 'WIRE-1', attempt: 1 }))));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await count(t, `SELECT count(*) AS n FROM ledger_transactions WHERE reason = 'payout' AND reason_id = $1`, [statement.id])).toBe(1);
    expect((await payable(partner)).amount).toBe(0);
    const paid = await t.http.get(`/v1/statements/${statement.id}`).set(partner.auth);
    expect(paid.body).toMatchObject({ status: 'paid', payout: { via: 'manual', reference: 'WIRE-1' } });
    await expect(t.db.query(`UPDATE statements SET payout_reference = 'other' WHERE id = $1`, [statement.id])).rejects.toThrow(/closed once issued/);
    // Reopened only when its payout posting was reversed (a transfer Stripe reversed), never by hand.
    await expect(
      t.db.query(`UPDATE statements SET status = 'issued', paid_at = NULL, payout_via = NULL, payout_reference = NULL, payout_ledger_transaction_id = NULL WHERE id = $1`, [statement.id]),
    ).rejects.toThrow(/reopened only when that payout was reversed/);

    const other = await aPartner(t, admin);
    const { caseId: c2 } = await aCaseOnAJob(t, lender, schedule, other);
    const p2 = await confirmPayment(t, lender, c2, 10_000);
    await issue(other);
    await t.http.post(`/v1/payments/${p2.body.id}/reverse`).set(lender.auth).send({ reason: 'bounced' });
    const negative = (await issue(other)).body;
    await expect(t.db.transaction((m) => service.postPayout(m, negative.id, { via: 'manual', reference: 'x', attempt: 1 }))).rejects.toMatchObject({ code: 'statement.nothing_payable' });
  });

  it("answers 404 for another partner's statements; lenders may not; platform staff see all and name the partner", async () => {
    const partner = await aPartner(t, admin);
    const { caseId } = await aCaseOnAJob(t, lender, schedule, partner);
    await confirmPayment(t, lender, caseId, 1_000);
    const other = await aPartner(t, admin);
    expectProblem(await issue(lender), 403, 'auth.wrong_org_kind');
    expectProblem(await issue(partner, { currency: 'usd' }), 400, 'validation.failed');
    expectProblem(await issue(admin), 422, 'statement.partner_required');
    const issued = await issue(admin, { currency: 'USD', partner_org_id: partner.orgId });
    expect(issued.status).toBe(201);
    expectProblem(await t.http.get(`/v1/statements/${issued.body.id}`).set(other.auth), 404, 'statement.not_found');
    expectProblem(await t.http.get(`/v1/statements/${issued.body.id}/export.csv`).set(other.auth), 404, 'statement.not_found');
    expectProblem(await t.http.get(`/v1/statements/${issued.body.id}`).set(lender.auth), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.get('/v1/statements/nope').set(partner.auth), 404, 'statement.not_found');
    expect((await t.http.get('/v1/statements').set(other.auth)).body.data).toEqual([]);
    expect((await t.http.get(`/v1/statements/${issued.body.id}`).set(admin.auth)).status).toBe(200);
    // The partner's own issue of the same currency finds nothing new: the admin's statement took the line.
    expectProblem(await issue(partner), 422, 'statement.nothing_to_state');
  });
});
