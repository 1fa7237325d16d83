import { newReleaseCode, RELEASE_CODE_LENGTH, releaseCodeMatches } from './release-code';

describe('release code (DESIGN §7 release)', () => {
  it('is 8 unambiguous symbols, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, newReleaseCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[A-HJKMNP-Z2-9]{${RELEASE_CODE_LENGTH}}$`));
  });

  it.each([
    ['K7QM-3XPA', true],
    ['k7qm 3xpa', true],
    ['K7QM3XPA', true],
    ['K7QM3XPB', false],
    ['K7QM3XP', false],
    ['K7QM3XPAA', false],
    ['', false],
  ])('typed %p matches K7QM3XPA: %s', (typed, matches) => {
    expect(releaseCodeMatches('K7QM3XPA', typed)).toBe(matches);
  });
});
