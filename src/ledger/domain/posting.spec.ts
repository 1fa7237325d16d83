import { money } from '../../common/money';
import { Posting, PostingEntry, postingErrors, postingFingerprint, reversingEntries } from './posting';

const lender = '11111111-1111-4111-8111-111111111111';
const partner = '22222222-2222-4222-8222-222222222222';
const usd = (n: number) => money(n, 'USD');
const eur = (n: number) => money(n, 'EUR');
const dr = (orgId: string | null, purpose: PostingEntry['account']['purpose'], amount: ReturnType<typeof money>): PostingEntry => ({ account: { orgId, purpose }, side: 'debit', amount });
const cr = (orgId: string | null, purpose: PostingEntry['account']['purpose'], amount: ReturnType<typeof money>): PostingEntry => ({ account: { orgId, purpose }, side: 'credit', amount });
const posting = (entries: PostingEntry[]): Posting => ({ idempotencyKey: 'k', reason: 'payment', reasonId: 'p1', entries });

describe('postingErrors', () => {
  it.each<[string, PostingEntry[], string[]]>([
    ['balanced, one currency', [dr(lender, 'lender_receivable', usd(100)), cr(partner, 'partner_payable', usd(90)), cr(null, 'platform_revenue', usd(10))], []],
    ['balanced in each of two currencies', [dr(lender, 'lender_receivable', usd(100)), cr(partner, 'partner_payable', usd(100)), dr(lender, 'lender_receivable', eur(5)), cr(partner, 'partner_payable', eur(5))], []],
    ['debits above credits', [dr(lender, 'lender_receivable', usd(100)), cr(partner, 'partner_payable', usd(99))], ['ledger.unbalanced']],
    ['balanced in sum but not per currency', [dr(lender, 'lender_receivable', usd(100)), cr(partner, 'partner_payable', eur(100))], ['ledger.unbalanced', 'ledger.unbalanced']],
    ['one entry', [dr(lender, 'lender_receivable', usd(0))], ['ledger.too_few_entries', 'ledger.invalid_amount']],
    ['a zero amount', [dr(lender, 'lender_receivable', usd(0)), cr(partner, 'partner_payable', usd(0))], ['ledger.invalid_amount', 'ledger.invalid_amount']],
    ['a negative amount', [dr(lender, 'lender_receivable', { amount: -5, currency: 'USD' }), cr(partner, 'partner_payable', { amount: -5, currency: 'USD' })], ['ledger.invalid_amount', 'ledger.invalid_amount']],
    ['platform revenue with an org', [dr(lender, 'lender_receivable', usd(1)), cr(partner, 'platform_revenue', usd(1))], ['ledger.invalid_account']],
    ['a partner payable without an org', [dr(lender, 'lender_receivable', usd(1)), cr(null, 'partner_payable', usd(1))], ['ledger.invalid_account']],
  ])('%s', (_, entries, codes) => {
    expect(postingErrors(posting(entries)).map((e) => e.code)).toEqual(codes);
  });
});

describe('postingFingerprint', () => {
  const a = [dr(lender, 'lender_receivable', usd(100)), cr(partner, 'partner_payable', usd(100))];
  it('ignores entry order and memos', () => {
    expect(postingFingerprint(posting([...a].reverse()))).toBe(postingFingerprint(posting(a.map((e) => ({ ...e, memo: 'x' })))));
  });
  it('differs for another amount, account or reason id', () => {
    const base = postingFingerprint(posting(a));
    expect(postingFingerprint(posting([dr(lender, 'lender_receivable', usd(101)), cr(partner, 'partner_payable', usd(101))]))).not.toBe(base);
    expect(postingFingerprint(posting([dr(partner, 'lender_receivable', usd(100)), cr(partner, 'partner_payable', usd(100))]))).not.toBe(base);
    expect(postingFingerprint({ ...posting(a), reasonId: 'p2' })).not.toBe(base);
  });
});

describe('reversingEntries', () => {
  it('swaps every side and keeps accounts and amounts', () => {
    const entries = [dr(lender, 'lender_receivable', usd(100)), cr(partner, 'partner_payable', usd(100))];
    expect(reversingEntries(entries)).toEqual([cr(lender, 'lender_receivable', usd(100)), dr(partner, 'partner_payable', usd(100))]);
  });
});
