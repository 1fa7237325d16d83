/**
 * A partner's payout account as the partner reads it: `onboarding` until it submitted its details
 * to Stripe, `restricted` when Stripe still holds payouts back (requirements due, under review),
 * `enabled` when transfers and payouts to it work.
 */
export const PAYOUT_ACCOUNT_STATUSES = ['onboarding', 'restricted', 'enabled'] as const;
export type PayoutAccountStatus = (typeof PAYOUT_ACCOUNT_STATUSES)[number];

export function payoutAccountStatus(a: { readonly detailsSubmitted: boolean; readonly payoutsEnabled: boolean }): PayoutAccountStatus {
  if (!a.detailsSubmitted) return 'onboarding';
  return a.payoutsEnabled ? 'enabled' : 'restricted';
}
