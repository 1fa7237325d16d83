import { Money } from '../../common/money';
import { FieldError } from '../../common/problem/problem';

/** Delinquency buckets by days past due (DESIGN §4): M1 1–30, M2 31–60, M3 61–90, M4+ over 90. */
export const BUCKETS = ['M1', 'M2', 'M3', 'M4+'] as const;
export type Bucket = (typeof BUCKETS)[number];

/**
 * Events that earn a flat fee (DESIGN §5). `close_fee` is charged when an order is cancelled
 * after work began; `transport` is a flat per-trip fee, distinct from `per_km`.
 */
export const FLAT_FEE_EVENTS = ['repossession', 'voluntary_surrender', 'skip', 'close_fee', 'transport'] as const;
export type FlatFeeEvent = (typeof FLAT_FEE_EVENTS)[number];

export type ContingencyByBucket = { readonly [B in Bucket]: number };

/**
 * The terms a lender offers and a job freezes at award (DESIGN §5). Every component is optional.
 * `schema_version` versions the shape, so a schedule frozen into a job years ago still reads
 * correctly after the shape evolves; the lender's own revision number lives on the stored row.
 * All amounts are in `currency`; rates are integer basis points.
 */
export type FeeSchedule = {
  readonly schema_version: 1;
  readonly currency: string;
  /** One rate, or one rate per bucket; by bucket, every bucket must be priced. */
  readonly contingency_bps?: number | ContingencyByBucket;
  readonly flat_fees?: { readonly [E in FlatFeeEvent]?: Money };
  readonly storage_per_day?: Money;
  /** Days of storage included before `storage_per_day` is charged; needs `storage_per_day`. */
  readonly free_storage_days?: number;
  readonly per_km?: Money;
  readonly min_fee?: Money;
  readonly cap?: Money;
};

export const FEE_SCHEDULE_SCHEMA_VERSION = 1;

/** A contingency above 100 % of what was recovered is never a fee. */
const MAX_CONTINGENCY_BPS = 10_000;

/**
 * Field errors for a fee schedule, empty when it is valid. Checks what types cannot: integer,
 * non-negative amounts, bps in 0..10000, one currency throughout, and a minimum not above the cap.
 */
export function validateFeeSchedule(schedule: FeeSchedule): FieldError[] {
  const errors: FieldError[] = [];
  const push = (field: string, code: string, message: string): void => {
    errors.push({ field, code, message });
  };

  if (schedule.schema_version !== FEE_SCHEDULE_SCHEMA_VERSION) {
    push('schema_version', 'fee_schedule.unsupported_version', `schema_version must be ${FEE_SCHEDULE_SCHEMA_VERSION}`);
  }
  const currencyValid = typeof schedule.currency === 'string' && /^[A-Z]{3}$/.test(schedule.currency);
  if (!currencyValid) {
    push('currency', 'fee_schedule.invalid_currency', 'currency must be an ISO 4217 code such as "USD"');
  }

  const checkBps = (field: string, bps: unknown): void => {
    if (typeof bps !== 'number' || !Number.isInteger(bps) || bps < 0 || bps > MAX_CONTINGENCY_BPS) {
      push(field, 'fee_schedule.bps_out_of_range', `${field} must be an integer number of basis points from 0 to ${MAX_CONTINGENCY_BPS}`);
    }
  };
  const checkMoney = (field: string, m: Money): boolean => {
    let ok = true;
    if (typeof m.amount !== 'number' || !Number.isSafeInteger(m.amount)) {
      push(`${field}.amount`, 'fee_schedule.invalid_amount', `${field}.amount must be an integer number of minor units`);
      ok = false;
    } else if (m.amount < 0) {
      push(`${field}.amount`, 'fee_schedule.negative_amount', `${field}.amount must not be negative`);
      ok = false;
    }
    if (currencyValid && m.currency !== schedule.currency) {
      push(`${field}.currency`, 'fee_schedule.currency_mismatch', `${field} is in ${m.currency} but the schedule is in ${schedule.currency}`);
      ok = false;
    }
    return ok;
  };

  const contingency = schedule.contingency_bps;
  if (typeof contingency === 'object' && contingency !== null) {
    for (const bucket of BUCKETS) checkBps(`contingency_bps.${bucket}`, contingency[bucket]);
    for (const key of Object.keys(contingency)) {
      if (!(BUCKETS as readonly string[]).includes(key)) {
        push(`contingency_bps.${key}`, 'fee_schedule.unknown_bucket', `buckets are ${BUCKETS.join(', ')}`);
      }
    }
  } else if (contingency !== undefined) {
    checkBps('contingency_bps', contingency);
  }

  for (const [event, fee] of Object.entries(schedule.flat_fees ?? {})) {
    if (!(FLAT_FEE_EVENTS as readonly string[]).includes(event)) {
      push(`flat_fees.${event}`, 'fee_schedule.unknown_event', `flat fee events are ${FLAT_FEE_EVENTS.join(', ')}`);
    } else if (fee !== undefined) {
      checkMoney(`flat_fees.${event}`, fee);
    }
  }

  if (schedule.storage_per_day !== undefined) checkMoney('storage_per_day', schedule.storage_per_day);
  if (schedule.free_storage_days !== undefined) {
    if (!Number.isSafeInteger(schedule.free_storage_days) || schedule.free_storage_days < 0) {
      push('free_storage_days', 'fee_schedule.invalid_days', 'free_storage_days must be a non-negative integer');
    } else if (schedule.storage_per_day === undefined) {
      push('free_storage_days', 'fee_schedule.requires_storage_per_day', 'free_storage_days needs storage_per_day');
    }
  }
  if (schedule.per_km !== undefined) checkMoney('per_km', schedule.per_km);

  const { min_fee: minFee, cap } = schedule;
  const minOk = minFee !== undefined && checkMoney('min_fee', minFee);
  const capOk = cap !== undefined && checkMoney('cap', cap);
  if (minOk && capOk && minFee.amount > cap.amount) {
    push('min_fee.amount', 'fee_schedule.min_above_cap', 'min_fee must not be above cap');
  }

  return errors;
}
