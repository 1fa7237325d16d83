import { Money } from '../../../common/money';
import { reversingEntries, type PostingEntry } from '../../../ledger/domain/posting';
import { lenderPaid } from '../../../ledger/domain/posting-rules';

/**
 * What Stripe money movements post (DESIGN §8), pure like the ledger's own posting rules. A
 * payment intent says what it is for in its metadata (`reclaim_purpose`, `org_id`): the code that
 * creates it (auction deposits, lender invoices) sets them; Stripe keeps them on every event.
 */
export const PAYMENT_PURPOSES = ['lender_payment', 'auction_deposit'] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];

export function isPaymentPurpose(value: unknown): value is PaymentPurpose {
  return typeof value === 'string' && (PAYMENT_PURPOSES as readonly string[]).includes(value);
}

/**
 * A captured payment is money in the platform's Stripe balance (Stripe clearing) owed onward:
 * a lender's payment settles what it owes; a buyer's deposit is held in auction escrow.
 */
export function paymentCaptured(purpose: PaymentPurpose, orgId: string, amount: Money): PostingEntry[] {
  if (purpose === 'lender_payment') return lenderPaid({ lenderOrgId: orgId, amount, via: 'stripe' });
  return [
    { account: { orgId: null, purpose: 'stripe_clearing' }, side: 'debit', amount, memo: 'deposit captured' },
    { account: { orgId, purpose: 'auction_escrow' }, side: 'credit', amount, memo: 'deposit held' },
  ];
}

/** A refund gives back (part of) a captured payment: the capture's entries, reversed, for the refunded amount. */
export function paymentRefunded(purpose: PaymentPurpose, orgId: string, amount: Money): PostingEntry[] {
  return reversingEntries(paymentCaptured(purpose, orgId, amount));
}

/**
 * A transfer's webhook settles what its payout put in flight (ledger `stripe_clearing`, "money in
 * flight at Stripe until the webhook settles it"): the money has left the platform's Stripe
 * balance, its cash.
 */
export function transferSettled(amount: Money): PostingEntry[] {
  return [
    { account: { orgId: null, purpose: 'stripe_clearing' }, side: 'debit', amount, memo: 'Stripe transfer settled' },
    { account: { orgId: null, purpose: 'cash' }, side: 'credit', amount, memo: 'left the platform’s Stripe balance' },
  ];
}
