/** The currency's minor-unit digits (USD 2, JPY 0), from Intl. */
export const minorDigits = (currency: string): number => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/**
 * A typed amount ("1,250.5") as integer minor units (125050), by string arithmetic so no float is
 * ever stored; null when it is not a positive amount with at most the currency's digits.
 */
export function toMinorUnits(typed: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(typed.trim().replace(/,/g, ''));
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(match[1]! + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}
