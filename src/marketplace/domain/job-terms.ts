import type { Money } from '../../common/money';
import type { WorkKind } from '../../jobs/domain/work-kind';
import type { ListingBounds, ProposedTerms } from './bid-bounds';
import type { FeeSchedule, FlatFeeEvent } from './fee-schedule';


/** The event a bid's flat fee prices, per kind of work; collection work is paid by contingency. */
export const FLAT_FEE_EVENT_OF_KIND: { readonly [K in WorkKind]: FlatFeeEvent | null } = {
  collection: null,
  repossession: 'repossession',
  transport: 'transport',
  skip_trace: 'skip',
};

/** DESIGN §6 SLA timers: first action within 24 h; completion 30 days for collection, 14 for the rest. */
export const DEFAULT_SLA: { readonly [K in WorkKind]: { readonly first_action_hours: number; readonly completion_days: number } } = {
  collection: { first_action_hours: 24, completion_days: 30 },
  repossession: { first_action_hours: 24, completion_days: 14 },
  transport: { first_action_hours: 24, completion_days: 14 },
  skip_trace: { first_action_hours: 24, completion_days: 14 },
};

/**
 * The schedule a job is paid by: the published schedule with the winning bid's terms written
 * into it. A bid's contingency replaces the schedule's rate (by-bucket rates included: the
 * partner priced the whole lot at one rate); its flat fee prices the kind's event. Minimum, cap,
 * storage and distance stay as published.
 */
export function effectiveSchedule(schedule: FeeSchedule, terms: ProposedTerms, kind: WorkKind): FeeSchedule {
  let result: FeeSchedule = { ...schedule };
  if (terms.contingency_bps !== undefined) result = { ...result, contingency_bps: terms.contingency_bps };
  const event = FLAT_FEE_EVENT_OF_KIND[kind];
  if (terms.flat_fee !== undefined && event !== null) result = { ...result, flat_fees: { ...schedule.flat_fees, [event]: terms.flat_fee } };
  return result;
}

function clamp(value: number, range: { readonly min?: number; readonly max?: number } | undefined): number {
  if (range?.min !== undefined && value < range.min) return range.min;
  if (range?.max !== undefined && value > range.max) return range.max;
  return value;
}

/**
 * Terms of an offer made without a bid (`direct`, `auto_assign`): the listing's maximum fee terms
 * (what the lender said it would pay) and the DESIGN §6 default SLA, kept inside the bounds.
 */
export function termsWithoutBid(bounds: ListingBounds, kind: WorkKind): ProposedTerms {
  const sla = DEFAULT_SLA[kind];
  return {
    ...(bounds.max_contingency_bps !== undefined ? { contingency_bps: bounds.max_contingency_bps } : {}),
    ...(bounds.max_flat_fee !== undefined ? { flat_fee: bounds.max_flat_fee } : {}),
    sla: {
      first_action_hours: clamp(sla.first_action_hours, bounds.sla?.first_action_hours),
      completion_days: clamp(sla.completion_days, bounds.sla?.completion_days),
    },
  };
}

/**
 * A bid's price in the one unit every bid on the listing shares (the scoring's `effective_fee`):
 * contingency bps when the listing bounds a contingency, else the flat fee in minor units, else
 * zero — every bid pays the published schedule and ties on price.
 */
export function effectiveFee(bounds: ListingBounds, terms: { readonly contingency_bps?: number; readonly flat_fee?: Money }): number {
  if (bounds.max_contingency_bps !== undefined) return terms.contingency_bps ?? bounds.max_contingency_bps;
  if (bounds.max_flat_fee !== undefined) return terms.flat_fee?.amount ?? bounds.max_flat_fee.amount;
  return 0;
}
