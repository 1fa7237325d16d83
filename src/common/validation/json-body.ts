import secureJson from 'secure-json-parse';
import { DomainError, FieldError, validationFailed } from '../problem/problem';

/**
 * Request bodies are never this deeply nested; deeper ones are refused before anything recursive
 * (class-transformer, class-validator) sees them (issue 11 item 3: 5,000 nested arrays overflowed
 * the stack, a 2 MB one stalled the event loop).
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of a JSON text, counted in one pass over its characters (strings skipped),
 * stopping as soon as `limit` is passed: linear, no recursion, no parse tree built.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

// A UTF-16 surrogate without its pair cannot be encoded as UTF-8 (validators and PostgreSQL throw on it).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored: PostgreSQL text refuses NUL, and a lone surrogate is not Unicode. */
export function unsafeStringReason(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it contains an unpaired surrogate)';
  return null;
}

/**
 * Every string (keys included) in a parsed value that could not reach the database, with its
 * dotted path (`user.email`, `rows.3.note`). Walks with an explicit stack: depth is bounded by
 * the caller, breadth is not.
 */
export function unsafeStrings(root: unknown, rootPath = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0 && errors.length < 20) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const reason = unsafeStringReason(value);
      if (reason) errors.push({ field: path || 'body', message: `${path || 'body'} ${reason}` });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], path ? `${path}.${i}` : String(i)]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        const reason = unsafeStringReason(key);
        if (reason) errors.push({ field: childPath, message: `the field name ${reason}` });
        else stack.push([child, childPath]);
      }
    }
  }
  return errors.reverse();
}

const ESCAPED_NUL_OR_SURROGATE = /\\u(0000|[dD][89a-fA-F])/;

export const tooDeep = (): DomainError =>
  new DomainError('request.too_deep', 400, 'Bad request', `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`);

const malformed = (detail: string): DomainError => new DomainError('request.malformed_body', 400, 'Bad request', detail);

/**
 * The one JSON body parser of the API. An empty body is no body (a DELETE or an action POST sent
 * with `Content-Type: application/json` and nothing else, issue 9 §6); otherwise the text must be
 * JSON nested at most MAX_JSON_DEPTH deep, without `__proto__`/`constructor.prototype` keys
 * (prototype poisoning, as Fastify's own parser) and without strings PostgreSQL cannot store.
 */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw tooDeep();
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    throw malformed(err instanceof SyntaxError ? 'The body is not valid JSON.' : 'The body has a forbidden __proto__ or constructor.prototype key.');
  }
  // In JSON text a NUL or a surrogate can only be a \u escape (raw control characters do not
  // parse; invalid UTF-8 decodes to U+FFFD), so most bodies skip the walk.
  if (ESCAPED_NUL_OR_SURROGATE.test(text)) {
    const unsafe = unsafeStrings(parsed);
    if (unsafe.length > 0) throw validationFailed(unsafe);
  }
  return parsed;
}
