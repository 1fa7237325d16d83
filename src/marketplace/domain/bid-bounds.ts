import { Money } from '../../common/money';
import { FieldError } from '../../common/problem/problem';

/** Inclusive bounds on a whole number; either end may be open. */
export type IntRange = {
  readonly min?: number;
  readonly max?: number;
};

/**
 * What a listing lets bidders propose (DESIGN §5). A bound on a fee term also says the listing
 * pays that way: a bid must propose every fee term the listing bounds and no other. A listing
 * with no fee bound pays its published fee schedule as it is, and bidders compete on SLA.
 */
export type ListingBounds = {
  readonly max_contingency_bps?: number;
  readonly max_flat_fee?: Money;
  readonly sla?: {
    readonly first_action_hours?: IntRange;
    readonly completion_days?: IntRange;
  };
};

/** A bid's terms and SLA commitments: hours to first action, days to complete (DESIGN §5). */
export type ProposedTerms = {
  readonly contingency_bps?: number;
  readonly flat_fee?: Money;
  readonly sla: {
    readonly first_action_hours: number;
    readonly completion_days: number;
  };
};

const MAX_BPS = 10_000;
const SLA_FIELDS = ['first_action_hours', 'completion_days'] as const;

const isPositiveInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
const isBps = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_BPS;
const isMinorUnits = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Field errors for a listing's bounds; paths are relative to the bounds object. */
export function validateListingBounds(bounds: ListingBounds): FieldError[] {
  const errors: FieldError[] = [];
  const invalid = (field: string, message: string): void => {
    errors.push({ field, code: 'listing.invalid_bounds', message });
  };
  if (bounds.max_contingency_bps !== undefined && !isBps(bounds.max_contingency_bps)) {
    invalid('max_contingency_bps', `max_contingency_bps must be an integer from 0 to ${MAX_BPS}`);
  }
  if (bounds.max_flat_fee !== undefined) {
    if (!isMinorUnits(bounds.max_flat_fee.amount)) invalid('max_flat_fee.amount', 'max_flat_fee.amount must be a non-negative integer number of minor units');
    if (!/^[A-Z]{3}$/.test(bounds.max_flat_fee.currency)) invalid('max_flat_fee.currency', 'max_flat_fee.currency must be an ISO 4217 code');
  }
  for (const name of SLA_FIELDS) {
    const range = bounds.sla?.[name];
    if (range === undefined) continue;
    const field = `sla.${name}`;
    if (range.min !== undefined && !isPositiveInt(range.min)) invalid(`${field}.min`, `${field}.min must be a positive integer`);
    if (range.max !== undefined && !isPositiveInt(range.max)) invalid(`${field}.max`, `${field}.max must be a positive integer`);
    if (isPositiveInt(range.min) && isPositiveInt(range.max) && range.min > range.max) invalid(`${field}.min`, `${field}.min must not be above its max`);
  }
  return errors;
}

/**
 * Field errors for a bid's terms against the listing's bounds, empty when the bid may stand.
 * Paths are those of the bid body. Codes: `bid.required`, `bid.not_offered`, `bid.invalid_value`,
 * `bid.currency_mismatch`, `bid.out_of_bounds`.
 */
export function validateBidTerms(terms: ProposedTerms, bounds: ListingBounds): FieldError[] {
  const errors: FieldError[] = [];
  const push = (field: string, code: string, message: string): void => {
    errors.push({ field, code, message });
  };

  const maxBps = bounds.max_contingency_bps;
  if (terms.contingency_bps === undefined) {
    if (maxBps !== undefined) push('contingency_bps', 'bid.required', 'this listing pays a contingency: propose contingency_bps');
  } else if (maxBps === undefined) {
    push('contingency_bps', 'bid.not_offered', 'this listing does not pay a contingency');
  } else if (!isBps(terms.contingency_bps)) {
    push('contingency_bps', 'bid.invalid_value', `contingency_bps must be an integer from 0 to ${MAX_BPS}`);
  } else if (terms.contingency_bps > maxBps) {
    push('contingency_bps', 'bid.out_of_bounds', `contingency_bps ${terms.contingency_bps} is above the listing's maximum of ${maxBps}`);
  }

  const maxFlat = bounds.max_flat_fee;
  const flat = terms.flat_fee;
  if (flat === undefined) {
    if (maxFlat !== undefined) push('flat_fee', 'bid.required', 'this listing pays a flat fee: propose flat_fee');
  } else if (maxFlat === undefined) {
    push('flat_fee', 'bid.not_offered', 'this listing does not pay a flat fee');
  } else if (!isMinorUnits(flat.amount)) {
    push('flat_fee.amount', 'bid.invalid_value', 'flat_fee.amount must be a non-negative integer number of minor units');
  } else if (flat.currency !== maxFlat.currency) {
    push('flat_fee.currency', 'bid.currency_mismatch', `flat_fee must be in ${maxFlat.currency}, the listing's currency`);
  } else if (flat.amount > maxFlat.amount) {
    push('flat_fee.amount', 'bid.out_of_bounds', `flat_fee ${flat.amount} is above the listing's maximum of ${maxFlat.amount}`);
  }

  for (const name of SLA_FIELDS) {
    const field = `sla.${name}`;
    const value = terms.sla?.[name];
    const range = bounds.sla?.[name];
    if (value === undefined) {
      push(field, 'bid.required', `${field} is a required commitment`);
    } else if (!isPositiveInt(value)) {
      push(field, 'bid.invalid_value', `${field} must be a positive integer`);
    } else if (range?.min !== undefined && value < range.min) {
      push(field, 'bid.out_of_bounds', `${field} ${value} is below the listing's minimum of ${range.min}`);
    } else if (range?.max !== undefined && value > range.max) {
      push(field, 'bid.out_of_bounds', `${field} ${value} is above the listing's maximum of ${range.max}`);
    }
  }
  return errors;
}
