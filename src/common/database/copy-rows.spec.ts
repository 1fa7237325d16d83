import { copyTextCell } from './copy-rows';

describe('copyTextCell (PostgreSQL COPY text format)', () => {
  it.each([
    [null, '\\N'],
    ['plain', 'plain'],
    [12, '12'],
    [true, 'true'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak', 'line\\nbreak'],
    ['carriage\rreturn', 'carriage\\rreturn'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
    ['{disputed,legal_hold}', '{disputed,legal_hold}'],
  ])('writes %p as %p', (value, expected) => {
    expect(copyTextCell(value)).toBe(expected);
  });
});
