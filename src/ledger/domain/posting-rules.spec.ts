import { money } from '../../common/money';
import { auctionInvoicePaid, commissionEarned, depositForfeited, lenderPaid, payoutSent, saleSettled, surplusPaid } from './posting-rules';
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
    [
      'a sale with a surplus',
      saleSettled({ lenderOrgId: L, escrowOrgId: L, hammerPrice: usd(1_000_000), relatedPartyAdjustment: usd(0), expenses: [{ payeeOrgId: P, applied: usd(60_000), unpaid: usd(0) }, { payeeOrgId: null, applied: usd(15_000), unpaid: usd(0) }], obligationPaid: usd(800_000), lienholderPaid: usd(0), surplus: usd(125_000) }),
      ['debit auction_escrow@lender-org 1000000', 'credit partner_payable@partner-org 60000', 'credit lender_receivable@lender-org 15000', 'credit lender_receivable@lender-org 800000', 'credit borrower_surplus_payable@lender-org 125000'],
    ],
    [
      'a sale with a subordinate lien paid',
      saleSettled({ lenderOrgId: L, escrowOrgId: L, hammerPrice: usd(900_000), relatedPartyAdjustment: usd(0), expenses: [], obligationPaid: usd(800_000), lienholderPaid: usd(100_000), surplus: usd(0) }),
      ['debit auction_escrow@lender-org 900000', 'credit lender_receivable@lender-org 800000', 'credit cash 100000'],
    ],
    [
      'expenses beyond the proceeds: the lender owes the partner the rest',
      saleSettled({ lenderOrgId: L, escrowOrgId: L, hammerPrice: usd(50_000), relatedPartyAdjustment: usd(0), expenses: [{ payeeOrgId: P, applied: usd(50_000), unpaid: usd(10_000) }, { payeeOrgId: null, applied: usd(0), unpaid: usd(15_000) }], obligationPaid: usd(0), lienholderPaid: usd(0), surplus: usd(0) }),
      ['debit auction_escrow@lender-org 50000', 'credit partner_payable@partner-org 50000', 'debit lender_receivable@lender-org 10000', 'credit partner_payable@partner-org 10000'],
    ],
    [
      'a related-party sale below market (§9-615(f))',
      saleSettled({ lenderOrgId: L, escrowOrgId: 'escrow-org', hammerPrice: usd(500_000), relatedPartyAdjustment: usd(200_000), expenses: [{ payeeOrgId: P, applied: usd(75_000), unpaid: usd(0) }], obligationPaid: usd(625_000), lienholderPaid: usd(0), surplus: usd(0) }),
      ['debit auction_escrow@escrow-org 500000', 'debit lender_receivable@lender-org 200000', 'credit partner_payable@partner-org 75000', 'credit lender_receivable@lender-org 625000'],
    ],
    [
      "credits beyond the obligation: the lender refunds them with the surplus",
      saleSettled({ lenderOrgId: L, escrowOrgId: L, hammerPrice: usd(300_000), relatedPartyAdjustment: usd(0), expenses: [], obligationPaid: usd(0), lienholderPaid: usd(0), creditRefund: usd(5_000), surplus: usd(305_000) }),
      ['debit auction_escrow@lender-org 300000', 'debit lender_receivable@lender-org 5000', 'credit borrower_surplus_payable@lender-org 305000'],
    ],
    ['the lender paid the surplus', surplusPaid({ lenderOrgId: L, amount: usd(125_000), via: 'lender' }), ['debit borrower_surplus_payable@lender-org 125000', 'credit lender_receivable@lender-org 125000']],
    ['the platform paid the surplus', surplusPaid({ lenderOrgId: L, amount: usd(125_000), via: 'platform' }), ['debit borrower_surplus_payable@lender-org 125000', 'credit cash 125000']],
    [
      'an auction invoice paid by Stripe with the deposit applied',
      auctionInvoicePaid({ buyerOrgId: 'buyer-org', escrowOrgId: L, hammerPrice: usd(1_000_000), buyerPremium: usd(100_000), depositApplied: usd(60_000), via: 'stripe' }),
      ['debit stripe_clearing 1040000', 'debit auction_escrow@buyer-org 60000', 'credit auction_escrow@lender-org 1000000', 'credit platform_revenue 100000'],
    ],
    [
      'an auction invoice paid by bank transfer without a deposit',
      auctionInvoicePaid({ buyerOrgId: 'buyer-org', escrowOrgId: L, hammerPrice: usd(300_000), buyerPremium: usd(20_000), depositApplied: usd(0), via: 'manual' }),
      ['debit cash 320000', 'credit auction_escrow@lender-org 300000', 'credit platform_revenue 20000'],
    ],
    [
      'an auction invoice the deposit covers whole',
      auctionInvoicePaid({ buyerOrgId: 'buyer-org', escrowOrgId: L, hammerPrice: usd(50_000), buyerPremium: usd(20_000), depositApplied: usd(70_000), via: 'stripe' }),
      ['debit auction_escrow@buyer-org 70000', 'credit auction_escrow@lender-org 50000', 'credit platform_revenue 20000'],
    ],
    ['a defaulting winner forfeits the deposit to the platform', depositForfeited({ buyerOrgId: 'buyer-org', amount: usd(60_000) }), ['debit auction_escrow@buyer-org 60000', 'credit platform_revenue 60000']],
    ['no deposit, nothing forfeited', depositForfeited({ buyerOrgId: 'buyer-org', amount: usd(0) }), []],
  ])('%s', (_, entries, expected) => {
    expect(entries.map(line)).toEqual(expected);
    expect(balanced(entries)).toEqual([]);
  });

  it('refuses a deposit applied beyond the invoice total', () => {
    expect(() => auctionInvoicePaid({ buyerOrgId: 'b', escrowOrgId: L, hammerPrice: usd(50_000), buyerPremium: usd(20_000), depositApplied: usd(70_001), via: 'stripe' })).toThrow(RangeError);
  });

  it('refuses a platform fee above the commission', () => {
    expect(() => commissionEarned({ lenderOrgId: L, partnerOrgId: P, commission: usd(10), platformFee: usd(11) })).toThrow(RangeError);
  });
});
