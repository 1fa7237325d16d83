import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase, usd } from '../support/marketplace';
import { aCaseOnAJob, awardCollection, confirmPayment } from '../support/payments';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('confirmed payments: allocation, commission at the frozen terms, platform fee, reversal', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let partner: OrgSession;
  let schedule: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    partner = await aPartner(t, admin, { capacity: 100 });
    schedule = await aFeeSchedule(t, lender, { currency: 'USD', contingency_bps: 2500, min_fee: usd(1_000) });
    expect((await t.http.post('/v1/admin/platform-fee-schedules').set(admin.auth).send({ currency: 'USD', recovered_bps: 500 })).status).toBe(201);
  });
  afterAll(() => t.close());

  const today = () => t.clock.today();
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const pay = (caseId: string, amount: number, extra: Record<string, unknown> = {}, who: OrgSession = lender) => confirmPayment(t, who, caseId, amount, extra);
  const caseRow = async (id: string) => (await t.db.query('SELECT status, principal::int, interest::int, fees::int FROM cases WHERE id = $1', [id]))[0];
  const balance = async (orgId: string | null, purpose: string) =>
    Number(
      (
        await t.db.query(
          `SELECT COALESCE(sum(CASE e.side WHEN 'credit' THEN e.amount ELSE -e.amount END), 0)::text AS n FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
            WHERE a.purpose = $1 AND a.currency = 'USD' AND a.org_id IS NOT DISTINCT FROM $2`,
          [purpose, orgId],
        )
      )[0].n,
    );
  const payments = () => count(t, 'SELECT count(*) AS n FROM payments');

  const onAJob = (balances: Record<string, number> = {}, by: OrgSession = partner) => aCaseOnAJob(t, lender, schedule, by, balances);
  const awardTo = async (caseId: string, by: OrgSession) => ({ jobId: await awardCollection(t, lender, schedule, caseId, by) });

  it('allocates fees → interest → principal and accrues the commission at the frozen terms, net of the platform fee', async () => {
    const { caseId, jobId } = await onAJob();
    const payable = await balance(partner.orgId, 'partner_payable');
    const revenue = await balance(null, 'platform_revenue');
    const res = await pay(caseId, 10_000);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      case_id: caseId,
      status: 'confirmed',
      amount: usd(10_000),
      allocation: { fees: usd(5_000), interest: usd(2_000), principal: usd(3_000) },
      commission: {
        job_id: jobId,
        partner_org_id: partner.orgId,
        tail_period: false,
        amount: usd(1_500),
        platform_fee: usd(500),
        partner_net: usd(1_000),
        lines: [expect.objectContaining({ code: 'contingency', basis: '1500 bps × 10000', amount: usd(1_500) }), expect.objectContaining({ code: 'platform_fee', basis: '500 bps × 10000', amount: usd(500) })],
      },
      case: { status: 'assigned', total_due: usd(97_000) },
    });
    expect(await caseRow(caseId)).toMatchObject({ principal: 97_000, interest: 0, fees: 0 });
    expect(await balance(partner.orgId, 'partner_payable')).toBe(payable + 1_000);
    expect(await balance(null, 'platform_revenue')).toBe(revenue + 500);
    expect(await balance(lender.orgId, 'lender_receivable')).toBeLessThanOrEqual(-1_500);
    const tx = await t.http.get(`/v1/ledger/transactions?reason=payment&reason_id=${res.body.id}`).set(lender.auth);
    expect(tx.body.data[0].entries).toEqual([expect.objectContaining({ purpose: 'lender_receivable', side: 'debit', amount: usd(1_500) })]);
  });

  it('keeps the frozen terms after the schedule and the platform fee changed; rounds half-up once on the running total', async () => {
    const { caseId, jobId } = await onAJob();
    expect((await pay(caseId, 10_000)).body.commission.amount).toEqual(usd(1_500));
    expect((await t.http.post(`/v1/fee-schedules/${schedule}/versions`).set(lender.auth).send({ schedule: { currency: 'USD', contingency_bps: 4000 } })).status).toBe(201);
    expect((await t.http.post('/v1/admin/platform-fee-schedules').set(admin.auth).send({ currency: 'USD', recovered_bps: 900 })).status).toBe(201);
    // 15 % of the running 10 333 = 1549.95 → 1550, less 1500 earned = 50; platform 5 % of 333 = 16.65 → 17
    const second = await pay(caseId, 333);
    expect(second.body.commission).toMatchObject({
      amount: usd(50),
      platform_fee: usd(17),
      partner_net: usd(33),
      lines: [expect.objectContaining({ basis: '1500 bps × 10333', amount: usd(1_550) }), expect.objectContaining({ code: 'earned_before', amount: usd(-1_500) }), expect.objectContaining({ basis: '500 bps × 333' })],
    });
    const list = await t.http.get(`/v1/jobs/${jobId}/payments`).set(partner.auth);
    expect(list.body.cost_to_collect).toEqual({ recovered: usd(10_333), fees: usd(1_550), cost_to_collect_bps: 1500 });
    const mine = await t.http.get(`/v1/cases/${caseId}/payments`).set(lender.auth);
    expect(mine.body.data).toHaveLength(2);
    expect(mine.body.cost_to_collect.cost_to_collect_bps).toBe(1500);
    expect((await t.http.post('/v1/admin/platform-fee-schedules').set(admin.auth).send({ currency: 'USD', recovered_bps: 500 })).status).toBe(201);
  });

  it('resolves the case when nothing is due and refuses a payment above the total due with the amounts', async () => {
    const { caseId, jobId } = await onAJob({ principal: 1_000, interest: 0, fees: 0 });
    const before = await payments();
    const over = expectProblem(await pay(caseId, 1_001), 422, 'payment.exceeds_total_due');
    expect(over).toMatchObject({ amount: usd(1_001), total_due: usd(1_000) });
    expect(await payments()).toBe(before);
    const full = await pay(caseId, 1_000);
    expect(full.status).toBe(201);
    // the minimum fee applies: 15 % of 1 000 is 150, the schedule's minimum is 1 000
    expect(full.body).toMatchObject({ case: { status: 'resolved', total_due: usd(0) }, commission: { amount: usd(1_000) } });
    expect((await caseRow(caseId)).status).toBe('resolved');
    // The resolution reached the open job in the same transaction (field-work holds).
    expect((await t.db.query('SELECT status FROM jobs WHERE id = $1', [jobId]))[0].status).not.toMatch(/^(accepted|in_progress|on_hold)$/);
    expectProblem(await pay(caseId, 1), 422, 'payment.exceeds_total_due');
  });

  it('reverses a payment once: allocation back on the case, commission reversed in the ledger', async () => {
    const { caseId } = await onAJob();
    const payable = await balance(partner.orgId, 'partner_payable');
    const revenue = await balance(null, 'platform_revenue');
    const receivable = await balance(lender.orgId, 'lender_receivable');
    const paid = await pay(caseId, 6_000);
    expectProblem(await t.http.post(`/v1/payments/${paid.body.id}/reverse`).set(lender.auth).send({}), 400, 'validation.failed');
    const agent = await addUser(t, lender, 'agent');
    expectProblem(await t.http.post(`/v1/payments/${paid.body.id}/reverse`).set(agent.auth).send({ reason: 'bounced' }), 403, 'auth.insufficient_role');
    const reversed = await t.http.post(`/v1/payments/${paid.body.id}/reverse`).set(lender.auth).send({ reason: 'the check bounced' });
    expect(reversed.status).toBe(200);
    expect(reversed.body).toMatchObject({ status: 'reversed', reversal: { reason: 'the check bounced', ledger_transaction_id: expect.any(String) }, case: { total_due: usd(107_000) } });
    expect(await caseRow(caseId)).toMatchObject({ principal: 100_000, interest: 2_000, fees: 5_000 });
    expect(await balance(partner.orgId, 'partner_payable')).toBe(payable);
    expect(await balance(null, 'platform_revenue')).toBe(revenue);
    expect(await balance(lender.orgId, 'lender_receivable')).toBe(receivable);
    const again = expectProblem(await t.http.post(`/v1/payments/${paid.body.id}/reverse`).set(lender.auth).send({ reason: 'again' }), 409, 'payment.already_reversed');
    expect(again.current).toBe('reversed');
    expect(await balance(partner.orgId, 'partner_payable')).toBe(payable);
    // The next payment is priced as if the reversed one never happened: 15 % of 4 000 = 600, below the minimum 1 000.
    expect((await pay(caseId, 4_000)).body.commission.amount).toEqual(usd(1_000));
  });

  it('reverses once under 10 parallel requests', async () => {
    const { caseId } = await onAJob();
    const paid = await pay(caseId, 6_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => t.http.post(`/v1/payments/${paid.body.id}/reverse`).set(lender.auth).send({ reason: 'parallel' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expectProblem(r, 409, 'payment.already_reversed');
    expect(await caseRow(caseId)).toMatchObject({ principal: 100_000, interest: 2_000, fees: 5_000 });
    expect(await count(t, 'SELECT count(*) AS n FROM ledger_transactions WHERE reverses_id = $1', [paid.body.ledger_transaction_id])).toBe(1);
  });

  it('never takes a case below zero under parallel payments', async () => {
    const { caseId } = await onAJob({ principal: 10_000, interest: 0, fees: 0 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pay(caseId, 4_000, { reference: `P-${i}` })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    for (const r of results.filter((x) => x.status !== 201)) expect(expectProblem(r, 422, 'payment.exceeds_total_due').total_due).toEqual(usd(2_000));
    expect(await caseRow(caseId)).toMatchObject({ principal: 2_000 });
  });

  it('prices parallel payments on two cases of one job on its running total: the minimum fee once', async () => {
    const caseIds = [await placeCase(t, lender, { principal: 50_000, interest: 0, fees: 0 }), await placeCase(t, lender, { principal: 50_000, interest: 0, fees: 0 })];
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, caseIds));
    expect((await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(partner.auth).send(aBid(1500))).status).toBe(201);
    const award = await t.http.post(`/v1/listings/${listing.body.id}/award`).set(lender.auth).send({ auto: true });
    expect(award.body.jobs).toHaveLength(1);
    const jobId = award.body.jobs[0].id as string;
    expect((await t.http.post(`/v1/jobs/${jobId}/accept`).set(partner.auth)).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pay(caseIds[i % 2]!, 1_001 + i, { reference: `J-${i}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const recovered = results.reduce((sum, r) => sum + r.body.amount.amount, 0);
    const earned = results.reduce((sum, r) => sum + r.body.commission.amount.amount, 0);
    // 15 % of the total, half-up once, above the 1 000 minimum — the minimum is not charged per payment.
    expect(earned).toBe(Math.max(1_000, Math.round((recovered * 1500) / 10_000)));
    const list = await t.http.get(`/v1/jobs/${jobId}/payments?limit=20`).set(lender.auth);
    expect(list.body.cost_to_collect).toMatchObject({ recovered: usd(recovered), fees: usd(earned) });
  });

  it('honours Idempotency-Key: the same body replays one payment, another body is 422', async () => {
    const { caseId } = await onAJob();
    const body = { amount: usd(2_000), received_on: today(), method: 'wire', reference: 'W-1' };
    const first = await t.http.post(`/v1/cases/${caseId}/payments`).set(lender.auth).set('Idempotency-Key', 'pay-once').send(body);
    const again = await t.http.post(`/v1/cases/${caseId}/payments`).set(lender.auth).set('Idempotency-Key', 'pay-once').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expectProblem(await t.http.post(`/v1/cases/${caseId}/payments`).set(lender.auth).set('Idempotency-Key', 'pay-once').send({ ...body, amount: usd(2_001) }), 422, 'idempotency.key_reused');
    expect(await count(t, 'SELECT count(*) AS n FROM payments WHERE case_id = $1', [caseId])).toBe(1);
    expect(await caseRow(caseId)).toMatchObject({ fees: 3_000 });
  });

  it('accepts a loan system with an API key', async () => {
    const { caseId } = await onAJob();
    const key = await t.http.post('/v1/api-keys').set(lender.auth).send({ name: 'loan system', role: 'agent' });
    const res = await pay(caseId, 500, {}, { ...lender, auth: { Authorization: `Bearer ${key.body.key}` } });
    expect(res.status).toBe(201);
    expect((await t.db.query('SELECT created_by_api_key_id FROM payments WHERE id = $1', [res.body.id]))[0].created_by_api_key_id).toBe(key.body.id);
  });

  it('earns in the 30-day tail after a recall for the recalled partner, once, and then for the job that replaced it', async () => {
    const { caseId, jobId } = await onAJob();
    expect((await t.http.post(`/v1/jobs/${jobId}/recall`).set(lender.auth).send({ reason: 'moving the account in-house' })).status).toBe(200);
    const next = await aPartner(t, admin);
    const { jobId: replacement } = await awardTo(caseId, next);
    try {
      t.clock.set(new Date(Date.now() + 10 * 86_400_000));
      const inTail = await pay(caseId, 10_000);
      expect(inTail.body.commission).toMatchObject({ job_id: jobId, partner_org_id: partner.orgId, tail_period: true, amount: usd(1_500) });
      expect(await count(t, `SELECT count(*) AS n FROM ledger_transactions WHERE reason = 'payment' AND reason_id = $1`, [inTail.body.id])).toBe(1);
      expect(await count(t, `SELECT count(*) AS n FROM payments WHERE job_id = $1`, [replacement])).toBe(0);
      t.clock.set(new Date(Date.now() + 31 * 86_400_000));
      const after = await pay(caseId, 1_000);
      expect(after.body.commission).toMatchObject({ job_id: replacement, partner_org_id: next.orgId, tail_period: false });
    } finally {
      t.clock.reset();
    }
  });

  it('earns nothing once the tail after a recall is over and no job replaced it', async () => {
    const { caseId, jobId } = await onAJob();
    expect((await t.http.post(`/v1/jobs/${jobId}/recall`).set(lender.auth).send({ reason: 'recalled' })).status).toBe(200);
    try {
      t.clock.set(new Date(Date.now() + 31 * 86_400_000));
      const after = await pay(caseId, 1_000);
      expect(after.status).toBe(201);
      expect(after.body).toMatchObject({ commission: null, ledger_transaction_id: null });
    } finally {
      t.clock.reset();
    }
  });

  it("links a partner's reported payment, once, and only a real report of the case's job", async () => {
    const { caseId, jobId } = await onAJob();
    const reported = await t.http.post(`/v1/jobs/${jobId}/events`).set(partner.auth).send({ type: 'payment_reported', amount: usd(2_000), date: today(), method: 'card', reference: 'TX-9' });
    expect(reported.status).toBe(201);
    const { caseId: otherCase } = await onAJob();
    const before = await payments();
    expectProblem(await pay(otherCase, 2_000, { reported_event_id: reported.body.id }), 422, 'payment.reported_event_not_found');
    expectProblem(await pay(caseId, 2_000, { reported_event_id: '00000000-0000-4000-8000-000000000000' }), 422, 'payment.reported_event_not_found');
    expect(await payments()).toBe(before);
    const confirmed = await pay(caseId, 2_000, { reported_event_id: reported.body.id });
    expect(confirmed.body).toMatchObject({ reported_event_id: reported.body.id, commission: { job_id: jobId } });
    expectProblem(await pay(caseId, 2_000, { reported_event_id: reported.body.id }), 409, 'payment.report_already_confirmed');
    expect(await payments()).toBe(before + 1);
  });

  it('earns nothing on a case without a job, and on a payment received before the job', async () => {
    const caseId = await placeCase(t, lender, { principal: 5_000, interest: 0, fees: 0 });
    const res = await pay(caseId, 1_000);
    expect(res.body).toMatchObject({ commission: null, ledger_transaction_id: null, case: { status: 'new', total_due: usd(4_000) } });
    const { caseId: onJob } = await onAJob();
    expect((await pay(onJob, 1_000, { received_on: daysAgo(3) })).body.commission).toBeNull();
  });

  it('refuses bad input, the wrong org, role or kind, and writes nothing', async () => {
    const { caseId } = await onAJob();
    const before = await payments();
    const bad = expectProblem(await pay(caseId, 0, { method: 'bitcoin', received_on: '2026-02-30', reference: '' }), 400, 'validation.failed');
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['amount.amount', 'method', 'received_on', 'reference']);
    expectProblem(await pay(caseId, 100, { reported_event_id: 'nope' }), 400, 'validation.failed');
    expectProblem(await pay(caseId, 100, { received_on: '2999-01-01' }), 422, 'payment.received_in_future');
    expectProblem(await t.http.post(`/v1/cases/${caseId}/payments`).set(lender.auth).send({ amount: { amount: 100, currency: 'EUR' }, received_on: today(), method: 'ach', reference: 'x' }), 422, 'payment.currency_mismatch');
    const stranger = await aLender(t).build();
    expectProblem(await pay(caseId, 100, {}, stranger), 404, 'case.not_found');
    expectProblem(await pay('00000000-0000-4000-8000-000000000000', 100), 404, 'case.not_found');
    expectProblem(await pay(caseId, 100, {}, partner), 403, 'auth.wrong_org_kind');
    const viewer = await addUser(t, lender, 'viewer');
    expectProblem(await pay(caseId, 100, {}, viewer), 403, 'auth.insufficient_role');
    expect(await payments()).toBe(before);
  });

  it("answers 404 for another org's payments, cases and jobs", async () => {
    const { caseId, jobId } = await onAJob();
    const paid = await pay(caseId, 1_000);
    const stranger = await aLender(t).build();
    const otherPartner = await aPartner(t, admin);
    expect((await t.http.get(`/v1/payments/${paid.body.id}`).set(partner.auth)).body.commission.partner_org_id).toBe(partner.orgId);
    expectProblem(await t.http.get(`/v1/payments/${paid.body.id}`).set(stranger.auth), 404, 'payment.not_found');
    expectProblem(await t.http.get(`/v1/payments/${paid.body.id}`).set(otherPartner.auth), 404, 'payment.not_found');
    expectProblem(await t.http.post(`/v1/payments/${paid.body.id}/reverse`).set(stranger.auth).send({ reason: 'x' }), 404, 'payment.not_found');
    expectProblem(await t.http.get(`/v1/cases/${caseId}/payments`).set(stranger.auth), 404, 'case.not_found');
    expectProblem(await t.http.get(`/v1/jobs/${jobId}/payments`).set(otherPartner.auth), 404, 'job.not_found');
    expectProblem(await t.http.get(`/v1/payments/not-a-uuid`).set(lender.auth), 404, 'payment.not_found');
    expect((await t.db.query('SELECT status FROM payments WHERE id = $1', [paid.body.id]))[0].status).toBe('confirmed');
  });

  it('lets only platform admins set the platform fee schedule', async () => {
    expectProblem(await t.http.post('/v1/admin/platform-fee-schedules').set(lender.auth).send({ currency: 'USD', recovered_bps: 1 }), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.post('/v1/admin/platform-fee-schedules').set(admin.auth).send({ currency: 'usd', recovered_bps: 10_001 }), 400, 'validation.failed');
    const list = await t.http.get('/v1/admin/platform-fee-schedules').set(admin.auth);
    expect(list.body.data[0]).toMatchObject({ currency: 'USD', recovered_bps: 500 });
  });
});
