import { normaliseDeclaredType, sniffDocumentType } from './document-type';

describe('sniffDocumentType', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['plain text', Buffer.from('hello, I am a PDF'), null],
    ['HTML', Buffer.from('<html><body>%PDF-</body></html>'), null],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e]), null],
    ['nothing', Buffer.alloc(0), null],
    ['a ZIP (e.g. a .docx)', Buffer.from([0x50, 0x4b, 0x03, 0x04]), null],
  ])('%s → %s', (_name, bytes, expected) => {
    expect(sniffDocumentType(bytes)).toBe(expected);
  });
});

describe('normaliseDeclaredType', () => {
  it.each([
    ['application/pdf', 'application/pdf'],
    ['Application/PDF; name=x.pdf', 'application/pdf'],
    ['image/jpg', 'image/jpeg'],
    ['image/pjpeg', 'image/jpeg'],
    ['text/plain', 'text/plain'],
  ])('%s → %s', (declared, expected) => {
    expect(normaliseDeclaredType(declared)).toBe(expected);
  });
});
