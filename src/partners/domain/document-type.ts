/** The document types a credential may be uploaded as (issue 3: PDF, JPEG, PNG). */
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** 10 MB: a scanned multi-page certificate fits; a video or an archive does not. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const SIGNATURES: readonly [DocumentType, readonly number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The type the bytes actually are, by their magic number, or null: the declared type alone proves nothing. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  for (const [type, signature] of SIGNATURES) {
    if (bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/** `image/jpg` and `image/pjpeg` are what some clients declare for JPEG; parameters are ignored. */
export function normaliseDeclaredType(declared: string): string {
  const base = declared.split(';')[0]!.trim().toLowerCase();
  return base === 'image/jpg' || base === 'image/pjpeg' ? 'image/jpeg' : base;
}
