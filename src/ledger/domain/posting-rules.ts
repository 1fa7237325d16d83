import { Money, subtract } from '../../common/money';
import { PostingEntry } from './posting';

/**
 * Which accounts move for each business event (DESIGN §8). Pure: services load what they need,
 * call a rule, and post its entries in their own transaction. Zero amounts produce no entry, so
 * an event that moves nothing yields no entries (and the caller posts nothing).
 */

const entry = (orgId: string | null, purpose: PostingEntry['account']['purpose'], side: PostingEntry['side'], amount: Money, memo?: string): PostingEntry[] =>
  amount.amount === 0 ? [] : [{ account: { orgId, purpose }, side, amount, ...(memo ? { memo } : {}) }];

export interface CommissionEarned {
  readonly lenderOrgId: string;
  readonly partnerOrgId: string;
  /** What the lender owes for the work, at the job's frozen terms. */
  readonly commission: Money;
  /** The platform's take out of that commission (never above it). */
  readonly platformFee: Money;
}

/**
 * A confirmed payment earned a commission: the lender owes it; the partner is owed it less the
 * platform's take, which is platform revenue.
 */
export function commissionEarned(e: CommissionEarned): PostingEntry[] {
  if (e.platformFee.amount > e.commission.amount) throw new RangeError('the platform fee is taken out of the commission and cannot exceed it');
  return [
    ...entry(e.lenderOrgId, 'lender_receivable', 'debit', e.commission, 'commission owed'),
    ...entry(e.partnerOrgId, 'partner_payable', 'credit', subtract(e.commission, e.platformFee), 'commission earned, net of the platform fee'),
    ...entry(null, 'platform_revenue', 'credit', e.platformFee, 'platform fee'),
  ];
}

export interface PayoutSent {
  readonly partnerOrgId: string;
  readonly amount: Money;
  /** `stripe`: a Connect transfer in flight at Stripe; `manual`: paid by wire off-platform. */
  readonly via: 'stripe' | 'manual';
}

/** A statement's net payable is paid to the partner: the payable goes down by what left. */
export function payoutSent(e: PayoutSent): PostingEntry[] {
  return [...entry(e.partnerOrgId, 'partner_payable', 'debit', e.amount, 'payout'), ...entry(null, e.via === 'stripe' ? 'stripe_clearing' : 'cash', 'credit', e.amount, e.via === 'stripe' ? 'Stripe transfer' : 'paid off-platform')];
}

export interface LenderPaid {
  readonly lenderOrgId: string;
  readonly amount: Money;
  readonly via: 'stripe' | 'manual';
}

/** The lender paid what it owes the platform. */
export function lenderPaid(e: LenderPaid): PostingEntry[] {
  return [...entry(null, e.via === 'stripe' ? 'stripe_clearing' : 'cash', 'debit', e.amount, 'lender payment received'), ...entry(e.lenderOrgId, 'lender_receivable', 'credit', e.amount, 'lender payment')];
}
