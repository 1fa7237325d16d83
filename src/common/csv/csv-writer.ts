import { stringify, Stringifier } from 'csv-stringify';

/** Characters a spreadsheet reads as the start of a formula (OWASP CSV Injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) is written with a
 * leading apostrophe, which spreadsheets show as text (OWASP CSV Injection). Only text is touched:
 * numbers and bigints (negative money amounts included) stay machine-readable.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The one CSV writer of the product: header row from `columns`, every text cell neutralised. */
export function csvWriter(columns: readonly string[]): Stringifier {
  return stringify({ header: true, columns: [...columns], cast: { string: neutraliseCell } });
}
