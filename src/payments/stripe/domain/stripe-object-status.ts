/**
 * Where a Stripe object stands, as Reclaim tracks it from webhook events. Stripe does not promise
 * to deliver events in order (docs.stripe.com/webhooks#event-ordering), so an object only moves
 * forward: each status has a rank, a later event with a lower or equal rank changes nothing, and a
 * final status (rank FINAL) is never left.
 */
export const TRACKED_OBJECTS = ['payment_intent', 'charge', 'transfer', 'payout'] as const;
export type TrackedObject = (typeof TRACKED_OBJECTS)[number];

const FINAL = 9;

const RANKS: Record<TrackedObject, Readonly<Record<string, number>>> = {
  payment_intent: { requires_payment_method: 0, requires_confirmation: 1, requires_action: 2, processing: 3, requires_capture: 4, succeeded: FINAL, canceled: FINAL },
  // `authorised`: a manual-capture charge not captured yet; captures and refunds follow.
  charge: { pending: 0, authorised: 1, captured: 2, partially_refunded: 3, refunded: FINAL, failed: FINAL },
  transfer: { created: 1, partially_reversed: 2, reversed: FINAL },
  // A paid payout can still fail later (docs.stripe.com/payouts#payout-failures), so `paid` is not final.
  payout: { pending: 0, in_transit: 1, paid: 2, failed: FINAL, canceled: FINAL },
};

export const STATUSES: Record<TrackedObject, readonly string[]> = {
  payment_intent: Object.keys(RANKS.payment_intent),
  charge: Object.keys(RANKS.charge),
  transfer: Object.keys(RANKS.transfer),
  payout: Object.keys(RANKS.payout),
};

export function isTrackedObject(value: unknown): value is TrackedObject {
  return typeof value === 'string' && (TRACKED_OBJECTS as readonly string[]).includes(value);
}

/** The fields of a Stripe object this rule reads (the SDK's types have many more). */
export interface StripeObjectSnapshot {
  readonly object: string;
  readonly status?: string | null;
  readonly amount?: number;
  readonly captured?: boolean;
  readonly amount_captured?: number;
  readonly amount_refunded?: number;
  readonly refunded?: boolean;
  readonly amount_reversed?: number;
  readonly reversed?: boolean;
}

/** The tracked status of a Stripe object from its snapshot in an event. */
export function trackedStatus(type: TrackedObject, o: StripeObjectSnapshot): string {
  switch (type) {
    case 'payment_intent':
    case 'payout':
      return o.status ?? 'pending';
    case 'charge': {
      if (o.status === 'failed') return 'failed';
      if (o.status === 'pending') return 'pending';
      if (!o.captured) return 'authorised';
      if (o.refunded) return 'refunded';
      // A partial capture shows the released rest as refunded; only refunds of captured money count.
      const released = (o.amount ?? 0) - (o.amount_captured ?? 0);
      return (o.amount_refunded ?? 0) > released ? 'partially_refunded' : 'captured';
    }
    case 'transfer':
      if (o.reversed) return 'reversed';
      return (o.amount_reversed ?? 0) > 0 ? 'partially_reversed' : 'created';
  }
}

export type StatusMove = { readonly moves: true; readonly from: string | null; readonly to: string } | { readonly moves: false; readonly current: string; readonly reason: 'same' | 'behind' | 'final' | 'unknown_status' };

/** Whether an object known at `current` (null: not seen yet) moves to `next`. */
export function statusMove(type: TrackedObject, current: string | null, next: string): StatusMove {
  const ranks = RANKS[type];
  const nextRank = ranks[next];
  if (nextRank === undefined) return { moves: false, current: current ?? next, reason: 'unknown_status' };
  if (current === null) return { moves: true, from: null, to: next };
  const currentRank = ranks[current] ?? -1;
  if (current === next) return { moves: false, current, reason: 'same' };
  if (currentRank === FINAL) return { moves: false, current, reason: 'final' };
  if (nextRank <= currentRank) return { moves: false, current, reason: 'behind' };
  return { moves: true, from: current, to: next };
}
