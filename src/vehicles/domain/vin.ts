/**
 * Vehicle identification numbers (DESIGN §4): 17 characters from an alphabet without I, O and Q
 * (ISO 3779), with the check digit in position 9 verified for North-American VINs (49 CFR §565.15).
 *
 * When the check digit is enforced:
 * - the WMI is North-American (first character 1–5): the digit is assigned at manufacture, so it
 *   holds wherever the vehicle is now — a US-built car registered in DE-BY is still checked;
 * - the region is in the US, Canada or Mexico: every vehicle sold there carries a check digit,
 *   imports included;
 * - the region is missing or not a region code: nothing says the VIN is exempt, so it is checked.
 * It is skipped only for a non-North-American WMI in a region the caller names outside US/CA/MX,
 * since European VINs, among others, carry none (position 9 is free, often `Z`).
 */
export type VinResult =
  | { readonly ok: true; readonly vin: string; readonly check_digit: 'verified' | 'not_applicable' }
  | { readonly ok: false; readonly reason: 'length' | 'characters' | 'check_digit'; readonly message: string };

const VIN_LENGTH = 17;
const VIN_ALPHABET = /^[A-HJ-NPR-Z0-9]+$/;
const REGION = /^([A-Z]{2})(?:-[A-Z0-9]{1,3})?$/;
const NORTH_AMERICAN_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA', 'MX']);
const NORTH_AMERICAN_WMI = /^[1-5]/;

// ISO 3779 / 49 CFR §565.15: letters transliterate to digits; position weights, 9 being the check digit itself.
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS: readonly number[] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** Checks a VIN, trimmed and upper-cased; `region` is where the vehicle is registered or kept (`US-TX`, `DE-BY`). */
export function validateVin(input: string, region?: string | null): VinResult {
  const vin = input.trim().toUpperCase();
  if (vin.length !== VIN_LENGTH) {
    return { ok: false, reason: 'length', message: `a VIN has ${VIN_LENGTH} characters, this one has ${vin.length}` };
  }
  if (!VIN_ALPHABET.test(vin)) {
    return { ok: false, reason: 'characters', message: 'a VIN uses only digits and the letters A–Z except I, O and Q' };
  }
  if (!checkDigitRequired(vin, region)) return { ok: true, vin, check_digit: 'not_applicable' };
  const expected = vinCheckDigit(vin);
  if (vin[8] !== expected) {
    return { ok: false, reason: 'check_digit', message: `the check digit (position 9) is ${vin[8]} but the other characters give ${expected}: the VIN is mistyped` };
  }
  return { ok: true, vin, check_digit: 'verified' };
}

/** The check digit of a VIN already known to be 17 characters of the VIN alphabet: `0`–`9`, or `X` for 10. */
function vinCheckDigit(vin: string): string {
  let total = 0;
  for (let i = 0; i < VIN_LENGTH; i++) {
    const c = vin[i];
    total += (c >= '0' && c <= '9' ? Number(c) : TRANSLITERATION[c]) * WEIGHTS[i];
  }
  const remainder = total % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

function checkDigitRequired(vin: string, region: string | null | undefined): boolean {
  if (NORTH_AMERICAN_WMI.test(vin)) return true;
  const country = REGION.exec(region?.trim().toUpperCase() ?? '')?.[1];
  return country === undefined || NORTH_AMERICAN_COUNTRIES.has(country);
}
