import { Money } from '../../../common/money';
import type { PostingEntry } from '../../../ledger/domain/posting';

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
