import type { Money } from './money';

/**
 * Money for people to read (`USD 1,250.00`, `JPY 5,000`), exact for any safe integer: the minor
 * units become a decimal string before formatting, so no float ever touches the amount (DESIGN §2).
 * The currency's exponent comes from ICU (2 for USD, 0 for JPY, 3 for BHD).
 */
export function formatMoney(m: Money): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency, currencyDisplay: 'code' });
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  const digits = Math.abs(m.amount).toString().padStart(exponent + 1, '0');
  const major = digits.slice(0, digits.length - exponent);
  const decimal = exponent === 0 ? major : `${major}.${digits.slice(-exponent)}`;
  const signed = m.amount < 0 ? `-${decimal}` : decimal;
  return format.format(signed as `${number}`).replace(/\u00a0/g, ' ');
}
