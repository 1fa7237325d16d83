import { money } from '../../../common/money';
import { postingErrors } from '../../../ledger/domain/posting';
import { paymentCaptured, paymentRefunded, transferSettled } from './stripe-postings';

const ORG = '6f1c1c52-9d1e-4a57-9f55-5a8a3c1d2e10';
const sides = (entries: ReturnType<typeof paymentCaptured>) => entries.map((e) => `${e.side} ${e.account.purpose} ${e.amount.amount}`);

describe('Stripe postings', () => {
  it.each([
    ['lender_payment', ['debit stripe_clearing 5000', 'credit lender_receivable 5000']],
    ['auction_deposit', ['debit stripe_clearing 5000', 'credit auction_escrow 5000']],
  ] as const)('a captured %s', (purpose, expected) => {
    const entries = paymentCaptured(purpose, ORG, money(5_000, 'USD'));
    expect(sides(entries)).toEqual(expected);
    expect(postingErrors({ idempotencyKey: 'k', reason: 'payment', reasonId: 'pi_1', entries })).toEqual([]);
  });

  it('refunds reverse the capture for the refunded amount', () => {
    expect(sides(paymentRefunded('auction_deposit', ORG, money(1_200, 'USD')))).toEqual(['credit stripe_clearing 1200', 'debit auction_escrow 1200']);
  });

  it('settles a transfer from Stripe clearing to cash', () => {
    const entries = transferSettled(money(700, 'EUR'));
    expect(sides(entries)).toEqual(['debit stripe_clearing 700', 'credit cash 700']);
    expect(postingErrors({ idempotencyKey: 'k', reason: 'payout', reasonId: 'p', entries })).toEqual([]);
  });
});
