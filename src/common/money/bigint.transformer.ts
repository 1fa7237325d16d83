import type { ValueTransformer } from 'typeorm';
import { toSafeNumber } from './money';

/**
 * PostgreSQL `bigint` comes back from `pg` as a string; this maps it to a JS number and
 * refuses any value that would not survive the round trip exactly.
 */
export const bigintTransformer: ValueTransformer = {
  to(value: number | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`refusing to store unsafe integer ${value} in a bigint column`);
    }
    return String(value);
  },
  from(value: string | null): number | null {
    if (value === null || value === undefined) return null;
    return toSafeNumber(BigInt(value));
  },
};
