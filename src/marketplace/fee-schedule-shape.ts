import { FieldError } from '../common/problem/problem';
import { BUCKETS, FeeSchedule, FEE_SCHEDULE_SCHEMA_VERSION } from './domain/fee-schedule';

const KEYS = ['schema_version', 'currency', 'contingency_bps', 'flat_fees', 'storage_per_day', 'free_storage_days', 'per_km', 'min_fee', 'cap'];
const MONEY_KEYS = ['storage_per_day', 'per_km', 'min_fee', 'cap'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that JSON from a request has the fee schedule's shape (objects where money is, no
 * unknown keys), so the domain validator only ever sees the types it is written for. A missing
 * `schema_version` means the current one. Values are judged by `validateFeeSchedule`.
 */
export function feeScheduleShape(raw: Record<string, unknown>): { schedule: FeeSchedule; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ field, code: 'fee_schedule.invalid_shape', message });
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) bad(key, `${key} is not a fee schedule component (see docs/marketplace.md)`);
  const money = (field: string, value: unknown) => {
    if (!isObject(value) || Object.keys(value).some((k) => k !== 'amount' && k !== 'currency')) bad(field, `${field} must be money: { amount, currency }`);
  };
  for (const key of MONEY_KEYS) if (raw[key] !== undefined) money(key, raw[key]);
  const c = raw.contingency_bps;
  if (c !== undefined && typeof c !== 'number') {
    if (!isObject(c)) bad('contingency_bps', `contingency_bps must be a number of bps or an object by bucket (${BUCKETS.join(', ')})`);
  }
  if (raw.flat_fees !== undefined) {
    if (!isObject(raw.flat_fees)) bad('flat_fees', 'flat_fees must be an object of money by event');
    else for (const [event, fee] of Object.entries(raw.flat_fees)) money(`flat_fees.${event}`, fee);
  }
  // Documented boundary (issue 9 §4): request JSON becomes a FeeSchedule here, once its shape is
  // checked above; `validateFeeSchedule` then judges every value before anything is stored.
  return { schedule: { schema_version: FEE_SCHEDULE_SCHEMA_VERSION, ...raw } as unknown as FeeSchedule, errors };
}
