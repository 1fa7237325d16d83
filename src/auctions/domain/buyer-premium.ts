import type { FieldError } from '../../common/problem/problem';

/** Buyer premium (DESIGN §7, §8: platform revenue, not proceeds): bps of the hammer price, bounded. */
export interface BuyerPremium {
  readonly bps: number;
  readonly min: number;
  readonly max: number | null;
}

/** Half-up to the minor unit, once (DESIGN §2), then held between the minimum and the maximum. */
export function buyerPremiumOf(premium: BuyerPremium, hammer: number): number {
  const raw = Number((BigInt(hammer) * BigInt(premium.bps) * 2n + 10_000n) / 20_000n);
  const floored = Math.max(raw, premium.min);
  return premium.max === null ? floored : Math.min(floored, premium.max);
}

export function buyerPremiumErrors(premium: BuyerPremium, field = 'buyer_premium'): FieldError[] {
  if (premium.max !== null && premium.max < premium.min) return [{ field: `${field}.max`, message: 'must not be below min' }];
  return [];
}
