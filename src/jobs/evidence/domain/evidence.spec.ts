import { evidenceIdsOf, releaseFeeRefusal, sniffPhotoType } from './evidence';

const bytes = (...parts: (number[] | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffPhotoType', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['HEIC (heic brand)', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'image/heic'],
    ['HEIC (mif1 brand)', bytes([0, 0, 0, 0x1c], 'ftypmif1', [0, 0, 0, 0]), 'image/heic'],
    ['an MP4 video', bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 0, 0]), null],
    ['a PDF', bytes('%PDF-1.7'), null],
    ['a GIF', bytes('GIF89a'), null],
    ['a truncated JPEG', bytes([0xff, 0xd8]), null],
    ['nothing', bytes(), null],
  ])('%s → %s', (_label, data, type) => expect(sniffPhotoType(data)).toBe(type));
});

describe('releaseFeeRefusal', () => {
  it.each([
    [undefined, null],
    [null, null],
    [{ amount: 0 }, null],
    [{ amount: 2500 }, 'personal effects are released to the borrower without a release fee (DESIGN §6)'],
  ])('%j → %s', (fee, refusal) => expect(releaseFeeRefusal(fee)).toBe(refusal));
});

describe('evidenceIdsOf', () => {
  it('collects the report’s photos and each item’s, once each', () => {
    expect(evidenceIdsOf({ photo_document_ids: ['a', 'b'], personal_property: [{ photo_document_ids: ['c'] }, { photo_document_ids: ['a'] }, {}] })).toEqual(['a', 'b', 'c']);
    expect(evidenceIdsOf({})).toEqual([]);
  });
});
