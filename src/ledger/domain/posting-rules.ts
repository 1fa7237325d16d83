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

/** One expense line of a sale settlement as the ledger sees it: who is owed it, what the proceeds paid, what they did not. */
export interface SettledExpense {
  /** The partner owed it; null when the lender incurred it itself. */
  readonly payeeOrgId: string | null;
  readonly applied: Money;
  /** What the proceeds did not cover: still owed to the partner, by the lender (it joins the deficiency). */
  readonly unpaid: Money;
}

export interface SaleSettled {
  readonly lenderOrgId: string;
  /** The org whose auction escrow holds the buyer's payment of the hammer price. */
  readonly escrowOrgId: string;
  readonly hammerPrice: Money;
  /** UCC §9-615(f): what a complying sale would have brought beyond the hammer price, borne by the lender. */
  readonly relatedPartyAdjustment: Money;
  readonly expenses: readonly SettledExpense[];
  /** §9-615(a)(2): applied to the secured obligation, owed on to the lender. */
  readonly obligationPaid: Money;
  /** §9-615(a)(3): paid over to subordinate lienholders off-platform. */
  readonly lienholderPaid: Money;
  /** Credits the borrower is entitled to beyond the obligation (UCC §9-616(c)(5)): owed by the lender, with the surplus. */
  readonly creditRefund?: Money;
  /** §9-615(d)(1): owed to the borrower until paid — what the proceeds left, and any credit refund. */
  readonly surplus: Money;
}

/**
 * A sale's proceeds leave the auction escrow in UCC §9-615(a) order (issue 16): expenses to the
 * partners that incurred them (or back to the lender), the obligation to the lender, subordinate
 * liens paid out, the surplus to the borrower's payable. An expense the proceeds do not cover is
 * still owed to its partner, by the lender.
 */
export function saleSettled(e: SaleSettled): PostingEntry[] {
  const lender = (side: PostingEntry['side'], amount: Money, memo: string) => entry(e.lenderOrgId, 'lender_receivable', side, amount, memo);
  return [
    ...entry(e.escrowOrgId, 'auction_escrow', 'debit', e.hammerPrice, 'sale proceeds released'),
    ...lender('debit', e.relatedPartyAdjustment, 'UCC §9-615(f): a complying sale would have brought more'),
    ...e.expenses.flatMap((x) => [
      ...(x.payeeOrgId ? entry(x.payeeOrgId, 'partner_payable', 'credit', x.applied, 'sale expense paid from proceeds') : lender('credit', x.applied, "the lender's own sale expense reimbursed")),
      ...(x.payeeOrgId ? [...lender('debit', x.unpaid, 'sale expense the proceeds did not cover'), ...entry(x.payeeOrgId, 'partner_payable', 'credit', x.unpaid, 'sale expense owed by the lender')] : []),
    ]),
    ...lender('credit', e.obligationPaid, 'proceeds applied to the secured obligation'),
    ...entry(null, 'cash', 'credit', e.lienholderPaid, 'paid over to subordinate lienholders'),
    ...(e.creditRefund ? lender('debit', e.creditRefund, "the borrower's credits beyond the obligation, refunded by the lender") : []),
    ...entry(e.lenderOrgId, 'borrower_surplus_payable', 'credit', e.surplus, 'surplus owed to the borrower'),
  ];
}

export interface SurplusPaid {
  readonly lenderOrgId: string;
  readonly amount: Money;
  /** `lender`: the lender paid the borrower itself and is owed it; `platform`: paid out by the platform. */
  readonly via: 'lender' | 'platform';
}

/** The borrower was paid the surplus (UCC §9-615(d)(1)): the payable closes. */
export function surplusPaid(e: SurplusPaid): PostingEntry[] {
  return [
    ...entry(e.lenderOrgId, 'borrower_surplus_payable', 'debit', e.amount, 'surplus paid to the borrower'),
    ...(e.via === 'lender' ? entry(e.lenderOrgId, 'lender_receivable', 'credit', e.amount, 'surplus the lender paid') : entry(null, 'cash', 'credit', e.amount, 'surplus paid out')),
  ];
}

export interface AuctionInvoicePaid {
  readonly buyerOrgId: string;
  /** The org whose auction escrow holds the hammer price until the sale settles (the lender's). */
  readonly escrowOrgId: string;
  readonly hammerPrice: Money;
  readonly buyerPremium: Money;
  /** The buyer's captured deposit, already in its auction escrow (`paymentCaptured`), applied to the invoice. */
  readonly depositApplied: Money;
  /** `stripe`: the balance came in through a payment intent; `manual`: a bank transfer an admin confirmed. */
  readonly via: 'stripe' | 'manual';
}

/**
 * A buyer paid its auction invoice (DESIGN §7): the balance came in, the deposit it had in escrow
 * is applied; the hammer price is held in the seller's auction escrow until the sale settles
 * (`saleSettled` releases it), the buyer premium is platform revenue, not proceeds (DESIGN §8).
 */
export function auctionInvoicePaid(e: AuctionInvoicePaid): PostingEntry[] {
  const total = e.hammerPrice.amount + e.buyerPremium.amount;
  if (e.depositApplied.amount > total) throw new RangeError('the deposit applied cannot exceed the invoice total');
  const balance: Money = { amount: total - e.depositApplied.amount, currency: e.hammerPrice.currency };
  return [
    ...entry(null, e.via === 'stripe' ? 'stripe_clearing' : 'cash', 'debit', balance, e.via === 'stripe' ? 'invoice balance paid by Stripe' : 'invoice balance paid by bank transfer'),
    ...entry(e.buyerOrgId, 'auction_escrow', 'debit', e.depositApplied, 'deposit applied to the invoice'),
    ...entry(e.escrowOrgId, 'auction_escrow', 'credit', e.hammerPrice, 'hammer price held until the sale settles'),
    ...entry(null, 'platform_revenue', 'credit', e.buyerPremium, 'buyer premium (DESIGN §8: not proceeds)'),
  ];
}

export interface DepositForfeited {
  /** The buyer whose captured deposit sat in their auction escrow (the capture's webhook posts it there). */
  readonly buyerOrgId: string;
  readonly amount: Money;
}

/**
 * A winner who did not pay forfeits the deposit (DESIGN §7). It is platform revenue, not sale
 * proceeds: no disposition took place, so UCC §9-615(a) has nothing to apply (the vehicle is
 * still the lender's to sell, and what the later sale brings is what the waterfall distributes);
 * the deposit is the buyer's undertaking to the platform under its buyer terms, like the buyer
 * premium (DESIGN §8) and the forfeits Copart and IAA keep. The lender's cost of the failed sale
 * (more storage days) stays an expense of the sale that follows. See docs/auction-defaults.md.
 */
export function depositForfeited(e: DepositForfeited): PostingEntry[] {
  return [...entry(e.buyerOrgId, 'auction_escrow', 'debit', e.amount, 'deposit forfeited: the invoice was not paid'), ...entry(null, 'platform_revenue', 'credit', e.amount, 'forfeited auction deposit')];
}
