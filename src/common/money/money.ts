/**
 * Money is an integer number of minor units plus an ISO 4217 currency (DESIGN §2).
 * Amounts are JS numbers that must stay within Number.MAX_SAFE_INTEGER; anything that
 * could lose precision is refused rather than rounded silently.
 */
export type Money = {
  readonly amount: number;
  readonly currency: string;
};

export class MoneyError extends Error {
  constructor(
    readonly code: 'money.unsafe_integer' | 'money.not_integer' | 'money.currency_mismatch' | 'money.invalid_currency' | 'money.invalid_bps',
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

const CURRENCY = /^[A-Z]{3}$/;

export function assertSafeMinorUnits(value: number, what = 'amount'): number {
  if (!Number.isInteger(value)) throw new MoneyError('money.not_integer', `${what} must be an integer number of minor units`);
  if (!Number.isSafeInteger(value)) throw new MoneyError('money.unsafe_integer', `${what} is outside the safe integer range`);
  return value;
}

export function assertCurrency(currency: string): string {
  if (!CURRENCY.test(currency)) throw new MoneyError('money.invalid_currency', `currency must be an ISO 4217 code, got "${currency}"`);
  return currency;
}

export function money(amount: number, currency: string): Money {
  return { amount: assertSafeMinorUnits(amount), currency: assertCurrency(currency) };
}

export function zero(currency: string): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('money.currency_mismatch', `cannot combine ${a.currency} with ${b.currency}`);
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount === b.amount ? 0 : a.amount < b.amount ? -1 : 1;
}

export function min(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}

export function max(a: Money, b: Money): Money {
  return compare(a, b) >= 0 ? a : b;
}

/**
 * Divides numerator/denominator (both integers, denominator > 0) rounding half-up,
 * i.e. half away from zero, using BigInt so that large products never lose precision.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = abs / denominator;
  const r = abs % denominator;
  const rounded = r * 2n >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** Basis points: 1 bps = 0.01 %, so 10 000 bps = 100 %. */
export const BPS_DENOMINATOR = 10_000n;

export function assertBps(bps: number): number {
  if (!Number.isInteger(bps) || bps < 0 || bps > 1_000_000) {
    throw new MoneyError('money.invalid_bps', `basis points must be an integer between 0 and 1000000, got ${bps}`);
  }
  return bps;
}

/** Applies a basis-point rate to an amount, rounding half-up once, to the minor unit. */
export function applyBps(m: Money, bps: number): Money {
  assertBps(bps);
  const raw = divideHalfUp(BigInt(m.amount) * BigInt(bps), BPS_DENOMINATOR);
  return money(toSafeNumber(raw), m.currency);
}

/**
 * Multiplies an amount by a ratio of integers with one half-up rounding at the end, for
 * computations such as "rate × days" or "per-km × metres / 1000" that must round once only.
 */
export function multiplyRatio(m: Money, numerator: number, denominator: number): Money {
  assertSafeMinorUnits(numerator, 'numerator');
  assertSafeMinorUnits(denominator, 'denominator');
  const raw = divideHalfUp(BigInt(m.amount) * BigInt(numerator), BigInt(denominator));
  return money(toSafeNumber(raw), m.currency);
}

export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError('money.unsafe_integer', 'amount is outside the safe integer range');
  }
  return Number(value);
}
