import { money } from '../../common/money';
import { commissionEarned, lenderPaid, payoutSent } from './posting-rules';
import { postingErrors } from './posting';

const L = 'lender-org';
const P = 'partner-org';
const usd = (n: number) => money(n, 'USD');
const line = (e: { account: { orgId: string | null; purpose: string }; side: string; amount: { amount: number } }) => `${e.side} ${e.account.purpose}${e.account.orgId ? `@${e.account.orgId}` : ''} ${e.amount.amount}`;
const balanced = (entries: Parameters<typeof postingErrors>[0]['entries']) =>
  postingErrors({ idempotencyKey: 'k', reason: 'payment', reasonId: 'r', entries }).filter((e) => e.code === 'ledger.unbalanced' || e.code === 'ledger.invalid_account');

describe('posting rules', () => {
  it.each([
    ['commission with a platform fee', commissionEarned({ lenderOrgId: L, partnerOrgId: P, commission: usd(25_000), platformFee: usd(2_500) }), ['debit lender_receivable@lender-org 25000', 'credit partner_payable@partner-org 22500', 'credit platform_revenue 2500']],
    ['commission without a platform fee', commissionEarned({ lenderOrgId: L, partnerOrgId: P, commission: usd(1_000), platformFee: usd(0) }), ['debit lender_receivable@lender-org 1000', 'credit partner_payable@partner-org 1000']],
    ['the platform takes the whole commission', commissionEarned({ lenderOrgId: L, partnerOrgId: P, commission: usd(40), platformFee: usd(40) }), ['debit lender_receivable@lender-org 40', 'credit platform_revenue 40']],
    ['no commission moves nothing', commissionEarned({ lenderOrgId: L, partnerOrgId: P, commission: usd(0), platformFee: usd(0) }), []],
    ['payout by Stripe transfer', payoutSent({ partnerOrgId: P, amount: usd(22_500), via: 'stripe' }), ['debit partner_payable@partner-org 22500', 'credit stripe_clearing 22500']],
    ['payout by wire', payoutSent({ partnerOrgId: P, amount: usd(22_500), via: 'manual' }), ['debit partner_payable@partner-org 22500', 'credit cash 22500']],
    ['the lender pays by wire', lenderPaid({ lenderOrgId: L, amount: usd(25_000), via: 'manual' }), ['debit cash 25000', 'credit lender_receivable@lender-org 25000']],
  ])('%s', (_, entries, expected) => {
    expect(entries.map(line)).toEqual(expected);
    expect(balanced(entries)).toEqual([]);
  });

  it('refuses a platform fee above the commission', () => {
    expect(() => commissionEarned({ lenderOrgId: L, partnerOrgId: P, commission: usd(10), platformFee: usd(11) })).toThrow(RangeError);
  });
});
