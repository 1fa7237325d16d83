import { money } from '../../src/common/money';
import { LedgerService, PostingEntry } from '../../src/ledger/ledger.service';
import { aLender, anAgency, OrgSession } from '../support/factories';
import { count } from '../support/marketplace';
import { createTestApp, TestApp } from '../support/test-app';

describe('ledger: balanced, immutable, idempotent, reversible', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let lender: OrgSession;
  let partner: OrgSession;

  beforeAll(async () => {
    t = await createTestApp();
    ledger = t.app.get(LedgerService);
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
});
