import type { FieldError } from '../../common/problem/problem';

/**
 * One bracket of an increment table: amounts below `below` (minor units, exclusive) bid up by
 * `increment`; the last bracket has `below: null` and covers everything above.
 */
export interface IncrementBracket {
  readonly below: number | null;
  readonly increment: number;
}

export type IncrementTable = readonly IncrementBracket[];

/**
 * DESIGN §7 default, in minor units of a two-decimal currency: under 1,000: 25; under 5,000: 50;
 * under 10,000: 100; above: 250 (major units).
 */
export const DEFAULT_INCREMENT_TABLE: IncrementTable = Object.freeze([
  { below: 100_000, increment: 2_500 },
  { below: 500_000, increment: 5_000 },
  { below: 1_000_000, increment: 10_000 },
  { below: null, increment: 25_000 },
]);

/** The increment of the bracket `amount` falls in. */
export function incrementAt(table: IncrementTable, amount: number): number {
  const bracket = table.find((b) => b.below === null || amount < b.below);
  if (!bracket) throw new Error('increment table has no open-ended last bracket');
  return bracket.increment;
}

/** Brackets ascend strictly, increments are positive integers, and only the last is open-ended. */
export function incrementTableErrors(table: IncrementTable, field = 'increment_table'): FieldError[] {
  const errors: FieldError[] = [];
  if (table.length === 0) return [{ field, message: 'must have at least one bracket' }];
  table.forEach((b, i) => {
    const last = i === table.length - 1;
    if (!Number.isSafeInteger(b.increment) || b.increment <= 0) errors.push({ field: `${field}[${i}].increment`, message: 'must be a positive integer of minor units' });
    if (last && b.below !== null) errors.push({ field: `${field}[${i}].below`, message: 'the last bracket must be open-ended (null)' });
    if (!last && (b.below === null || !Number.isSafeInteger(b.below) || b.below <= 0)) errors.push({ field: `${field}[${i}].below`, message: 'must be a positive integer of minor units' });
    const previous = table[i - 1]?.below;
    if (!last && i > 0 && previous != null && b.below !== null && b.below <= previous) errors.push({ field: `${field}[${i}].below`, message: 'brackets must ascend' });
  });
  return errors;
}
