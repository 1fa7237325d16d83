/** What a photo in the field records (DESIGN §6: condition report and photos, the personal-property inventory). */
export const EVIDENCE_KINDS = ['recovery_photo', 'condition_report', 'personal_effect_photo'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/heic'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** 15 MB: a full-resolution phone photo fits; a video does not. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

/** ISO BMFF brands of HEIF images as phones write them (ISO/IEC 23008-12): HEVC stills and sequences, and the generic image brands. */
const HEIF_BRANDS: ReadonlySet<string> = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The type the bytes are, by their magic number, or null: the declared type proves nothing. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return 'image/png';
  // HEIF: a box of type `ftyp` first (bytes 4-7), its major brand next (bytes 8-11).
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
  return null;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** DESIGN §6: personal effects go back to the borrower without a release fee; any fee is refused. */
export function releaseFeeRefusal(fee: { amount: number } | null | undefined): string | null {
  return fee && fee.amount !== 0 ? 'personal effects are released to the borrower without a release fee (DESIGN §6)' : null;
}

/** The document ids a recovery report names: its photos, and each inventory item's photos. */
export function evidenceIdsOf(payload: { photo_document_ids?: unknown; personal_property?: unknown }): string[] {
  const ids: string[] = [];
  if (Array.isArray(payload.photo_document_ids)) ids.push(...(payload.photo_document_ids as string[]));
  if (Array.isArray(payload.personal_property)) {
    for (const item of payload.personal_property as { photo_document_ids?: unknown }[]) if (Array.isArray(item.photo_document_ids)) ids.push(...(item.photo_document_ids as string[]));
  }
  return [...new Set(ids)];
}
