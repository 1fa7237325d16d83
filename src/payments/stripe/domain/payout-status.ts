/**
 * A payout (DESIGN §8 "Statements and payouts"): `pending` while a transfer is being made,
 * `paid` once Stripe accepted the transfer or the platform recorded a wire, `failed` when Stripe
 * refused it (the payable stays open and a later request tries again), `reversed` when the
 * transfer was reversed at Stripe (the payable is open again).
 */
export const PAYOUT_STATUSES = ['pending', 'paid', 'failed', 'reversed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const PAYOUT_METHODS = ['stripe_transfer', 'manual'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** A new attempt may start only when no money is out: never pending (in flight) or paid. */
export function mayAttemptPayout(status: PayoutStatus): boolean {
  return status === 'failed' || status === 'reversed';
}

/**
 * The Stripe idempotency key of a transfer attempt: the statement id, and the attempt number
 * from the second attempt on — Stripe answers a key's first result for 24 h, so a declined
 * transfer retried under the same key would be declined again without Stripe trying
 * (docs.stripe.com/api/idempotent_requests).
 */
export function transferIdempotencyKey(statementId: string, attempt: number): string {
  return attempt <= 1 ? `statement-${statementId}` : `statement-${statementId}-attempt-${attempt}`;
}
