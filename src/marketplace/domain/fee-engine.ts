import { applyBps, Money, multiplyRatio, subtract, sum } from '../../common/money';
import { BUCKETS, Bucket, FeeSchedule, FLAT_FEE_EVENTS, FlatFeeEvent, validateFeeSchedule } from './fee-schedule';
import { FieldError } from '../../common/problem/problem';

/**
 * What happened on a job, as the fee schedule prices it. Distance is in integer metres so a
 * per-km rate is applied with one rounding (rate × metres / 1000) instead of rounding the
 * distance first. `events` may repeat an event (two transports are two flat fees).
 */
export interface FeeOutcome {
  readonly amount_recovered?: Money;
  readonly bucket?: Bucket;
  readonly events?: readonly FlatFeeEvent[];
  readonly storage_days?: number;
  readonly distance_m?: number;
}

/**
 * One itemised line. `basis` shows the arithmetic with amounts in minor units of the schedule's
 * currency, so a statement reader can redo it (UCC §9-616 explanation, DESIGN §8).
 */
export interface FeeLine {
  readonly code: string;
  readonly description: string;
  readonly basis: string;
  readonly amount: Money;
}

export interface FeeQuote {
  readonly lines: readonly FeeLine[];
  readonly total: Money;
}

export class FeeQuoteError extends Error {
  constructor(
    readonly code: 'fee_quote.invalid_schedule' | 'fee_quote.invalid_outcome' | 'fee_quote.currency_mismatch',
    message: string,
    readonly errors: readonly FieldError[],
  ) {
    super(message);
    this.name = 'FeeQuoteError';
  }
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Field errors for an outcome other than its currency, which `quote` refuses on its own. */
export function validateFeeOutcome(outcome: FeeOutcome): FieldError[] {
  const errors: FieldError[] = [];
  const invalid = (field: string, message: string): void => {
    errors.push({ field, code: 'fee_quote.invalid_outcome', message });
  };
  const recovered = outcome.amount_recovered;
  if (recovered !== undefined && !isCount(recovered.amount)) {
    invalid('amount_recovered.amount', 'amount_recovered.amount must be a non-negative integer number of minor units');
  }
  if (outcome.bucket !== undefined && !BUCKETS.includes(outcome.bucket)) {
    invalid('bucket', `bucket must be one of ${BUCKETS.join(', ')}`);
  }
  (outcome.events ?? []).forEach((event, i) => {
    if (!FLAT_FEE_EVENTS.includes(event)) invalid(`events[${i}]`, `events must be among ${FLAT_FEE_EVENTS.join(', ')}`);
  });
  if (outcome.storage_days !== undefined && !isCount(outcome.storage_days)) {
    invalid('storage_days', 'storage_days must be a non-negative integer');
  }
  if (outcome.distance_m !== undefined && !isCount(outcome.distance_m)) {
    invalid('distance_m', 'distance_m must be a non-negative integer number of metres');
  }
  return errors;
}

/**
 * Itemised fees for an outcome under a schedule (DESIGN §5); every invoice and statement uses it.
 * Each line is rounded half-up to the minor unit once, at its end (DESIGN §2).
 *
 * Minimum and cap, as lenders write them into recovery contracts:
 * - `min_fee` is owed only when the outcome triggers at least one component (a recovery under a
 *   contingency, a priced event, chargeable storage days, a distance). An order on which nothing
 *   billable happened costs nothing; work begun and then cancelled is what `close_fee` prices.
 * - `cap` bounds the sum of all lines, pass-through storage and distance included: it is the
 *   lender's "never more than this for the job".
 * Both appear as adjustment lines so the lines always add up to the total. The schedule is
 * validated first, which guarantees min ≤ cap, so applying the minimum and then the cap is safe.
 */
export function quote(schedule: FeeSchedule, outcome: FeeOutcome): FeeQuote {
  const scheduleErrors = validateFeeSchedule(schedule);
  if (scheduleErrors.length > 0) {
    throw new FeeQuoteError('fee_quote.invalid_schedule', 'the fee schedule is invalid', scheduleErrors);
  }
  const { currency } = schedule;
  const recovered = outcome.amount_recovered;
  if (recovered !== undefined && recovered.currency !== currency) {
    throw new FeeQuoteError('fee_quote.currency_mismatch', `the outcome is in ${recovered.currency} but the schedule is in ${currency}`, [
      {
        field: 'amount_recovered.currency',
        code: 'fee_quote.currency_mismatch',
        message: `amount_recovered must be in ${currency}, the schedule's currency`,
      },
    ]);
  }
  const outcomeErrors = validateFeeOutcome(outcome);
  if (outcomeErrors.length > 0) {
    throw new FeeQuoteError('fee_quote.invalid_outcome', 'the outcome is invalid', outcomeErrors);
  }

  const lines: FeeLine[] = [];

  const contingency = schedule.contingency_bps;
  if (contingency !== undefined && recovered !== undefined && recovered.amount > 0) {
    if (typeof contingency === 'number') {
      lines.push({
        code: 'contingency',
        description: 'Contingency fee on the amount recovered',
        basis: `${contingency} bps × ${recovered.amount}`,
        amount: applyBps(recovered, contingency),
      });
    } else {
      const bucket = outcome.bucket;
      if (bucket === undefined) {
        throw new FeeQuoteError('fee_quote.invalid_outcome', 'the outcome is invalid', [
          { field: 'bucket', code: 'fee_quote.invalid_outcome', message: 'bucket is required: the contingency rate depends on it' },
        ]);
      }
      lines.push({
        code: 'contingency',
        description: `Contingency fee on the amount recovered, bucket ${bucket}`,
        basis: `${contingency[bucket]} bps × ${recovered.amount} (${bucket})`,
        amount: applyBps(recovered, contingency[bucket]),
      });
    }
  }

  const events = outcome.events ?? [];
  for (const event of FLAT_FEE_EVENTS) {
    const fee = schedule.flat_fees?.[event];
    const count = events.filter((e) => e === event).length;
    if (fee !== undefined && count > 0) {
      lines.push({
        code: `flat_fee.${event}`,
        description: `Flat fee: ${event.replace(/_/g, ' ')}`,
        basis: `${count} × ${fee.amount}`,
        amount: multiplyRatio(fee, count, 1),
      });
    }
  }

  const storageDays = outcome.storage_days ?? 0;
  const freeDays = schedule.free_storage_days ?? 0;
  const chargeableDays = Math.max(0, storageDays - freeDays);
  if (schedule.storage_per_day !== undefined && chargeableDays > 0) {
    lines.push({
      code: 'storage',
      description: 'Storage',
      basis: `${chargeableDays} days × ${schedule.storage_per_day.amount} (${storageDays} stored, ${freeDays} free)`,
      amount: multiplyRatio(schedule.storage_per_day, chargeableDays, 1),
    });
  }

  const metres = outcome.distance_m ?? 0;
  if (schedule.per_km !== undefined && metres > 0) {
    lines.push({
      code: 'distance',
      description: 'Distance',
      basis: `${metres} m × ${schedule.per_km.amount} per km`,
      amount: multiplyRatio(schedule.per_km, metres, 1000),
    });
  }

  const fees = sum(
    lines.map((line) => line.amount),
    currency,
  );
  let total = fees;
  if (schedule.min_fee !== undefined && lines.length > 0 && total.amount < schedule.min_fee.amount) {
    lines.push({
      code: 'min_fee',
      description: 'Minimum fee adjustment',
      basis: `minimum ${schedule.min_fee.amount}, fees ${fees.amount}`,
      amount: subtract(schedule.min_fee, total),
    });
    total = schedule.min_fee;
  }
  if (schedule.cap !== undefined && total.amount > schedule.cap.amount) {
    lines.push({
      code: 'cap',
      description: 'Fee cap adjustment',
      basis: `cap ${schedule.cap.amount}, fees ${fees.amount}`,
      amount: subtract(schedule.cap, total),
    });
    total = schedule.cap;
  }

  return { lines, total };
}
