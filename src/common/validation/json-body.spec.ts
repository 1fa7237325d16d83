import { DomainError } from '../problem/problem';
import { jsonDepthExceeds, MAX_JSON_DEPTH, parseJsonBody, unsafeStrings } from './json-body';

const refusal = (text: string): { code: string; errors?: readonly { field: string }[] } => {
  try {
    parseJsonBody(Buffer.from(text));
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, errors: err.errors };
    throw err;
  }
  throw new Error(`accepted ${text.slice(0, 40)}`);
};

describe('parseJsonBody', () => {
  it.each(['', '   ', '\n'])('an empty body %j is no body', (text) => {
    expect(parseJsonBody(Buffer.from(text))).toBeUndefined();
  });

  it('parses ordinary JSON, with braces inside strings not counted as nesting', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,{"b":"[[[{{{\\"]]]"}],"c":null}'))).toEqual({ a: [1, { b: '[[[{{{"]]]' }], c: null });
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(parseJsonBody(Buffer.from('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)))).toBeDefined();
    expect(refusal('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)).code).toBe('request.too_deep');
  });

  it('refuses 5,000 nested arrays, and a 2 MB nest (found by scanning, before any parse)', () => {
    expect(refusal('['.repeat(5000) + ']'.repeat(5000)).code).toBe('request.too_deep');
    expect(refusal('{"a":'.repeat(400_000) + '1' + '}'.repeat(400_000)).code).toBe('request.too_deep');
  });

  it.each([
    ['{"email": "a\\u0000@example.com"}', 'email'],
    ['{"user": {"email": "\\ud83d@example.com"}}', 'user.email'],
    ['{"rows": [{"note": "ok"}, {"note": "x\\udc00"}]}', 'rows.1.note'],
    ['{"a\\u0000b": 1}', 'a\u0000b'],
  ])('refuses strings PostgreSQL cannot store: %s names %s', (text, field) => {
    const { code, errors } = refusal(text);
    expect(code).toBe('validation.failed');
    expect(errors?.map((e) => e.field)).toEqual([field]);
  });

  it('keeps paired surrogates (emoji)', () => {
    expect(parseJsonBody(Buffer.from('{"name":"\\ud83d\\ude00 Dana"}'))).toEqual({ name: '😀 Dana' });
  });

  it.each(['{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {"admin": true}}}', '{"a": ', 'nul'])('refuses %s as malformed', (text) => {
    expect(refusal(text).code).toBe('request.malformed_body');
  });
});

describe('jsonDepthExceeds / unsafeStrings', () => {
  it('skips escaped quotes inside strings', () => {
    expect(jsonDepthExceeds('["\\"[[[["]', 2)).toBe(false);
  });
  it('walks wide values without recursion', () => {
    const wide = Array.from({ length: 100_000 }, (_, i) => ({ i: String(i) }));
    expect(unsafeStrings(wide)).toEqual([]);
  });
});
