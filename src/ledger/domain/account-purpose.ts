/**
 * What an account records (DESIGN §8). Accounts exist per (org, purpose, currency); the
 * platform's own accounts (its revenue, cash and Stripe clearing) have no org.
 *
 * `normal` is the side that increases the account, so a balance reads positive the way the trade
 * reads it: a receivable the lender owes, a payable owed to the partner.
 */
export const ACCOUNT_PURPOSES = [
  'lender_receivable',
  'partner_payable',
  'platform_revenue',
  'auction_escrow',
  'borrower_surplus_payable',
  'stripe_clearing',
  'cash',
] as const;
export type AccountPurpose = (typeof ACCOUNT_PURPOSES)[number];

export type EntrySide = 'debit' | 'credit';
export const ENTRY_SIDES: readonly EntrySide[] = ['debit', 'credit'];

export const NORMAL_SIDE: { readonly [P in AccountPurpose]: EntrySide } = {
  // What a lender owes the platform for work done on its cases (commissions, fees).
  lender_receivable: 'debit',
  // What the platform owes a partner: commissions accrued, less payouts.
  partner_payable: 'credit',
  platform_revenue: 'credit',
  // Buyer money held until an auction settles.
  auction_escrow: 'credit',
  // UCC §9-615(d): a surplus after a sale is owed to the borrower until paid.
  borrower_surplus_payable: 'credit',
  // Money in flight at Stripe (charges captured, transfers sent) until the webhook settles it.
  stripe_clearing: 'debit',
  cash: 'debit',
};

/** Purposes only the platform holds; every other purpose belongs to an org. */
export const PLATFORM_PURPOSES: readonly AccountPurpose[] = ['platform_revenue', 'stripe_clearing', 'cash'];

export function isAccountPurpose(value: unknown): value is AccountPurpose {
  return typeof value === 'string' && (ACCOUNT_PURPOSES as readonly string[]).includes(value);
}

/** Why something is posted; with its id it links a transaction to what caused it. */
export const POSTING_REASONS = ['payment', 'job', 'statement', 'payout', 'lot', 'settlement'] as const;
export type PostingReason = (typeof POSTING_REASONS)[number];
