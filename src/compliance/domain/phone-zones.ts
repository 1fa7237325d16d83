/**
 * The time zone a phone number's area code points to (FDCPA §1692c(a)(1): where the case holds
 * more than one zone for the borrower, contact must be convenient in each, as the official
 * interpretation of Reg F 12 CFR §1006.6(b)(1)(i) reads conflicting location information). North American area codes that span one zone are listed; a code that spans two
 * (or is unknown) adds no zone, so the address zone alone decides. China uses one zone.
 */
const NANP_ZONES: Readonly<Record<string, string>> = {
  ...codes('America/New_York', [201, 202, 203, 212, 215, 267, 301, 305, 347, 404, 410, 516, 561, 617, 631, 646, 678, 703, 704, 718, 732, 757, 770, 786, 813, 908, 917, 929, 973, 508, 781, 978, 413, 339, 351, 774, 857]),
  ...codes('America/Chicago', [214, 281, 312, 314, 469, 504, 512, 612, 615, 630, 708, 713, 737, 773, 817, 832, 847, 901, 972, 210]),
  ...codes('America/Denver', [303, 385, 505, 720, 801]),
  ...codes('America/Phoenix', [480, 520, 602, 623, 928]),
  ...codes('America/Los_Angeles', [206, 213, 253, 310, 323, 408, 415, 424, 503, 510, 530, 559, 562, 619, 626, 628, 650, 661, 702, 707, 714, 747, 760, 805, 818, 831, 858, 909, 916, 925, 949, 971]),
  ...codes('America/Anchorage', [907]),
  ...codes('Pacific/Honolulu', [808]),
};

function codes(zone: string, list: readonly number[]): Record<string, string> {
  return Object.fromEntries(list.map((c) => [String(c), zone]));
}

/** The zone of an E.164 number's area, or null when the number does not say. */
export function zoneOfPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+86')) return 'Asia/Shanghai';
  const nanp = /^\+?1(\d{3})\d{7}$/.exec(digits);
  return nanp ? (NANP_ZONES[nanp[1]!] ?? null) : null;
}
