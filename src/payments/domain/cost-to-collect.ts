import { BPS_DENOMINATOR, divideHalfUp, Money, toSafeNumber } from '../../common/money';

/**
 * DESIGN §10: cost to collect is fees ÷ recovered, here in basis points rounded half-up once;
 * null while nothing was recovered (no ratio to state).
 */
export function costToCollectBps(fees: Money, recovered: Money): number | null {
  if (fees.currency !== recovered.currency) throw new RangeError('fees and recovered must be in one currency');
  if (recovered.amount <= 0) return null;
  return toSafeNumber(divideHalfUp(BigInt(fees.amount) * BPS_DENOMINATOR, BigInt(recovered.amount)));
}
