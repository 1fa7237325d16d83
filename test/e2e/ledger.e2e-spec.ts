import { money } from '../../src/common/money';
import { LedgerService, PostingEntry } from '../../src/ledger/ledger.service';
import { aLender, anAgency, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { count } from '../support/marketplace';
import { createTestApp, TestApp } from '../support/test-app';

describe('ledger: balanced, immutable, idempotent, reversible', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let lender: OrgSession;
  let partner: OrgSession;
  let admin: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    ledger = t.app.get(LedgerService);
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    partner = await anAgency(t).build();
  });
  afterAll(() => t.close());

  const usd = (n: number) => money(n, 'USD');
  const accrual = (amount: number, fee = 0): PostingEntry[] => [
    { account: { orgId: lender.orgId, purpose: 'lender_receivable' }, side: 'debit', amount: usd(amount) },
    { account: { orgId: partner.orgId, purpose: 'partner_payable' }, side: 'credit', amount: usd(amount - fee) },
    ...(fee > 0 ? [{ account: { orgId: null, purpose: 'platform_revenue' as const }, side: 'credit' as const, amount: usd(fee) }] : []),
  ];
  const payable = () => t.db.transaction((m) => ledger.balance(m, { orgId: partner.orgId, purpose: 'partner_payable' }, 'USD'));
  const transactions = () => count(t, 'SELECT count(*) AS n FROM ledger_transactions');

  it('posts a balanced transaction and derives balances from its entries', async () => {
    const before = (await payable()).amount;
    const posted = await t.db.transaction((m) => ledger.post(m, { idempotencyKey: 'accrual-1', reason: 'payment', reasonId: 'pay-1', entries: accrual(10_000, 1_000) }));
    expect(posted.replayed).toBe(false);
    expect(posted.entries).toHaveLength(3);
    expect((await payable()).amount).toBe(before + 9_000);
    expect(await t.db.transaction((m) => ledger.balance(m, { orgId: null, purpose: 'platform_revenue' }, 'USD'))).toEqual(usd(1_000));
  });

  it('refuses an unbalanced transaction in code (422 ledger.unbalanced) and writes nothing', async () => {
    const before = await transactions();
    const entries = accrual(10_000).map((e, i) => (i === 1 ? { ...e, amount: usd(9_999) } : e));
    await expect(t.db.transaction((m) => ledger.post(m, { idempotencyKey: 'unbalanced', reason: 'payment', reasonId: 'x', entries }))).rejects.toMatchObject({ code: 'ledger.unbalanced', status: 422 });
    expect(await transactions()).toBe(before);
  });

  it('refuses an unbalanced or one-sided transaction in the database at commit', async () => {
    const before = await transactions();
    const [account] = await t.db.query(`SELECT id FROM ledger_accounts WHERE purpose = 'partner_payable' AND org_id = $1`, [partner.orgId]);
    const oneSided = t.db.transaction(async (m) => {
      await m.query(`INSERT INTO ledger_transactions (id, idempotency_key, fingerprint, reason, reason_id, created_at) VALUES (gen_random_uuid(), 'raw-1', 'f', 'payment', 'x', now())`);
      await m.query(`INSERT INTO ledger_entries (transaction_id, account_id, line, side, amount, currency, created_at) SELECT id, $1, 1, 'credit', 500, 'USD', now() FROM ledger_transactions WHERE idempotency_key = 'raw-1'`, [account.id]);
      await m.query(`INSERT INTO ledger_entries (transaction_id, account_id, line, side, amount, currency, created_at) SELECT id, $1, 2, 'debit', 499, 'USD', now() FROM ledger_transactions WHERE idempotency_key = 'raw-1'`, [account.id]);
    });
    await expect(oneSided).rejects.toThrow(/unbalanced in USD/);
    const empty = t.db.query(`INSERT INTO ledger_transactions (id, idempotency_key, fingerprint, reason, reason_id, created_at) VALUES (gen_random_uuid(), 'raw-2', 'f', 'payment', 'x', now())`);
    await expect(empty).rejects.toThrow(/two or more are required/);
    expect(await transactions()).toBe(before);
  });

  it('refuses UPDATE and DELETE of posted entries and transactions (database trigger)', async () => {
    await expect(t.db.query(`UPDATE ledger_entries SET amount = amount + 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM ledger_entries`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE ledger_transactions SET memo = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM ledger_transactions`)).rejects.toThrow(/append-only/);
  });

  it('posts once under one key: the same content replays, other content is 409', async () => {
    const first = await t.db.transaction((m) => ledger.post(m, { idempotencyKey: 'accrual-2', reason: 'payment', reasonId: 'pay-2', entries: accrual(5_000) }));
    const before = await payable();
    const again = await t.db.transaction((m) => ledger.post(m, { idempotencyKey: 'accrual-2', reason: 'payment', reasonId: 'pay-2', entries: [...accrual(5_000)].reverse() }));
    expect(again).toMatchObject({ replayed: true, transaction: { id: first.transaction.id } });
    await expect(t.db.transaction((m) => ledger.post(m, { idempotencyKey: 'accrual-2', reason: 'payment', reasonId: 'pay-2', entries: accrual(5_001) }))).rejects.toMatchObject({
      code: 'ledger.idempotency_conflict',
      status: 409,
    });
    expect(await payable()).toEqual(before);
  });

  it('posts once when the same key arrives in parallel', async () => {
    const before = await payable();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => t.db.transaction((m) => ledger.post(m, { idempotencyKey: 'parallel', reason: 'payment', reasonId: 'pay-p', entries: accrual(700) }))),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(new Set(results.map((r) => (r as PromiseFulfilledResult<{ transaction: { id: string } }>).value.transaction.id)).size).toBe(1);
    expect((await payable()).amount).toBe(before.amount + 700);
    expect(await count(t, `SELECT count(*) AS n FROM ledger_transactions WHERE idempotency_key = 'parallel'`)).toBe(1);
  });

  it('a reversal restores every balance, once', async () => {
    const before = await payable();
    const revenue = await t.db.transaction((m) => ledger.balance(m, { orgId: null, purpose: 'platform_revenue' }, 'USD'));
    const posted = await t.db.transaction((m) => ledger.post(m, { idempotencyKey: 'accrual-3', reason: 'payment', reasonId: 'pay-3', entries: accrual(2_500, 250) }));
    const reversal = await t.db.transaction((m) => ledger.reverse(m, posted.transaction.id, { idempotencyKey: 'accrual-3:reversal', memo: 'payment bounced' }));
    expect(reversal.transaction).toMatchObject({ reversesId: posted.transaction.id, reason: 'payment', reasonId: 'pay-3' });
    expect(await payable()).toEqual(before);
    expect(await t.db.transaction((m) => ledger.balance(m, { orgId: null, purpose: 'platform_revenue' }, 'USD'))).toEqual(revenue);
    const replay = await t.db.transaction((m) => ledger.reverse(m, posted.transaction.id, { idempotencyKey: 'accrual-3:reversal' }));
    expect(replay).toMatchObject({ replayed: true, transaction: { id: reversal.transaction.id } });
    await expect(t.db.transaction((m) => ledger.reverse(m, posted.transaction.id, { idempotencyKey: 'another-key' }))).rejects.toMatchObject({ code: 'ledger.already_reversed' });
    await expect(t.db.transaction((m) => ledger.reverse(m, reversal.transaction.id, { idempotencyKey: 'reverse-the-reversal' }))).rejects.toMatchObject({ code: 'ledger.reversal_of_reversal' });
    expect(await payable()).toEqual(before);
  });

  it('keeps Σ debits = Σ credits per currency over the whole ledger', async () => {
    await t.db.transaction((m) =>
      ledger.post(m, {
        idempotencyKey: 'two-currencies',
        reason: 'job',
        reasonId: 'job-1',
        entries: [
          { account: { orgId: lender.orgId, purpose: 'lender_receivable' }, side: 'debit', amount: money(300, 'EUR') },
          { account: { orgId: partner.orgId, purpose: 'partner_payable' }, side: 'credit', amount: money(300, 'EUR') },
          ...accrual(1_000),
        ],
      }),
    );
    for (const [, totals] of await t.db.transaction((m) => ledger.trialBalance(m))) expect(totals.debits).toBe(totals.credits);
  });

  describe('GET /v1/ledger/balances and /v1/ledger/transactions', () => {
    it("shows an org its own accounts, platform staff every account", async () => {
      const mine = await t.http.get('/v1/ledger/balances').set(partner.auth);
      expect(mine.status).toBe(200);
      const purposes = mine.body.data.map((b: { purpose: string; org_id: string }) => [b.purpose, b.org_id]);
      expect(purposes).toEqual(expect.arrayContaining([['partner_payable', partner.orgId]]));
      expect(purposes.every(([, org]: [string, string]) => org === partner.orgId)).toBe(true);
      const payableNow = await payable();
      expect(mine.body.data.find((b: { purpose: string; balance: { currency: string } }) => b.purpose === 'partner_payable' && b.balance.currency === 'USD').balance).toEqual(payableNow);
      const all = await t.http.get('/v1/ledger/balances?purpose=platform_revenue&currency=USD').set(admin.auth);
      expect(all.body.data).toEqual([expect.objectContaining({ org_id: null, purpose: 'platform_revenue', normal_side: 'credit' })]);
      const none = await t.http.get('/v1/ledger/balances?purpose=platform_revenue').set(lender.auth);
      expect(none.body.data).toEqual([]);
    });

    it('lists transactions with the entries on the caller\'s accounts, filtered and paged', async () => {
      const res = await t.http.get('/v1/ledger/transactions?reason=payment&reason_id=pay-1').set(lender.auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0].entries).toEqual([expect.objectContaining({ org_id: lender.orgId, purpose: 'lender_receivable', side: 'debit', amount: usd(10_000) })]);
      const staff = await t.http.get('/v1/ledger/transactions?reason=payment&reason_id=pay-1').set(admin.auth);
      expect(staff.body.data[0].entries).toHaveLength(3);

      const first = await t.http.get('/v1/ledger/transactions?limit=2').set(partner.auth);
      expect(first.body.data).toHaveLength(2);
      const second = await t.http.get(`/v1/ledger/transactions?limit=2&cursor=${first.body.next_cursor}`).set(partner.auth);
      expect(second.body.data.map((x: { id: string }) => x.id)).not.toContain(first.body.data[0].id);

      const [account] = await t.db.query(`SELECT id FROM ledger_accounts WHERE purpose = 'partner_payable' AND org_id = $1 AND currency = 'EUR'`, [partner.orgId]);
      const eur = await t.http.get(`/v1/ledger/transactions?account=${account.id}`).set(partner.auth);
      expect(eur.body.data.map((x: { idempotency_key: string }) => x.idempotency_key)).toEqual(['two-currencies']);
      const future = await t.http.get('/v1/ledger/transactions?from=2999-01-01').set(partner.auth);
      expect(future.body.data).toEqual([]);
      const past = await t.http.get(`/v1/ledger/transactions?to=2000-01-01T00:00:00Z`).set(partner.auth);
      expect(past.body.data).toEqual([]);
    });

    it("answers 404 for another org's account and 400 for bad filters", async () => {
      const [account] = await t.db.query(`SELECT id FROM ledger_accounts WHERE purpose = 'partner_payable' AND org_id = $1 LIMIT 1`, [partner.orgId]);
      expectProblem(await t.http.get(`/v1/ledger/transactions?account=${account.id}`).set(lender.auth), 404, 'ledger_account.not_found');
      expectProblem(await t.http.get(`/v1/ledger/transactions/export.csv?account=${account.id}`).set(lender.auth), 404, 'ledger_account.not_found');
      expectProblem(await t.http.get('/v1/ledger/transactions?account=00000000-0000-4000-8000-000000000000').set(lender.auth), 404, 'ledger_account.not_found');
      const bad = expectProblem(await t.http.get('/v1/ledger/transactions?reason=gift&from=yesterday').set(lender.auth), 400, 'validation.failed');
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['from', 'reason']);
      expectProblem(await t.http.get('/v1/ledger/balances?purpose=savings').set(lender.auth), 400, 'validation.failed');
      expectProblem(await t.http.get('/v1/ledger/balances'), 401, 'auth.missing_credentials');
    });

    it('exports the visible entries as CSV', async () => {
      const res = await t.http.get('/v1/ledger/transactions/export.csv?reason=payment&reason_id=pay-1').set(partner.auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe('transaction_id,posted_at,reason,reason_id,reverses_id,line,account_id,org_id,purpose,side,amount,currency,memo');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`,${partner.orgId},partner_payable,credit,9000,USD,`);
    });
  });
});
