/**
 * A payout attempt (DESIGN §8 "Statements and payouts"): `pending` while its transfer is being
 * made, `paid` once Stripe accepted the transfer or the platform recorded a wire, `failed` when
 * Stripe refused it (nothing left; the payable stays open and a new request makes a new attempt),
 * `reversed` when the transfer was reversed at Stripe (the payable is owed again).
 */
export const PAYOUT_STATUSES = ['pending', 'paid', 'failed', 'reversed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const PAYOUT_METHODS = ['stripe_transfer', 'manual'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** What a payout pays: one statement's net payable. */
export function payoutSubject(target: { statementId: string }): string {
  return `statement-${target.statementId}`;
}

/**
 * The Stripe idempotency key of an attempt: its subject and its number. Stripe answers a key's
 * first result for 24 h (docs.stripe.com/api/idempotent_requests): an attempt lost between
 * Stripe's answer and our commit is retried under the same key and replayed, never paid twice;
 * after a recorded refusal the next attempt has a new number, so Stripe really tries again.
 */
export function transferIdempotencyKey(subject: string, sequence: number): string {
  return `${subject}-${sequence}`;
}
