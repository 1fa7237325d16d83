import { randomInt, timingSafeEqual } from 'node:crypto';

/** Letters and digits a person reads off a phone at a yard gate without confusing them (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RELEASE_CODE_LENGTH = 8;

/** A fresh release code: 8 of 31 symbols (about 2^39), enough that guessing at a gate is hopeless. */
export function newReleaseCode(): string {
  let code = '';
  for (let i = 0; i < RELEASE_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** What a person typed, read as a code: case, spaces and dashes do not matter. */
export function normaliseReleaseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

/** Whether the typed code is the release code, compared in constant time. */
export function releaseCodeMatches(code: string, typed: string): boolean {
  const a = Buffer.from(code);
  const b = Buffer.from(normaliseReleaseCode(typed));
  return a.length === b.length && timingSafeEqual(a, b);
}
