import { validationFailed } from '../problem/problem';
import { isCalendarDate } from '../calendar/calendar-date';
import { isUuid } from '../tenancy/tenancy';

/**
 * The one keyset cursor of every list (DESIGN §2): an opaque base64url JSON array of the last
 * row's sort values. A cursor comes back from the client, so decoding checks every value against
 * the kind the list expects before it reaches SQL: a tampered cursor is a 400 naming `cursor`,
 * never a database error (issue 11 item 4).
 */
export type CursorPart = 'uuid' | 'timestamp' | 'date' | 'integer' | 'text' | 'bit' | { readonly literal: string };

type DecodedPart<P extends CursorPart> = P extends 'bit' ? boolean : string;
export type DecodedCursor<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: DecodedPart<S[I]> };

/** ISO 8601 UTC as `Date.prototype.toISOString` writes it; the year range PostgreSQL accepts. */
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?Z$/;
/** A bigint in PostgreSQL's range, as text (amounts in minor units). */
const INTEGER = /^-?\d{1,18}$/;

export function encodeCursor(values: readonly (string | boolean)[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)))).toString('base64url');
}

export function decodeCursor<const S extends readonly CursorPart[]>(cursor: string, shape: S): DecodedCursor<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length || !shape.every((part, i) => fits(part, parsed[i]))) throw invalidCursor();
  return shape.map((part, i) => (part === 'bit' ? parsed[i] === 1 : parsed[i])) as DecodedCursor<S>;
}

function fits(part: CursorPart, value: unknown): boolean {
  if (typeof part === 'object') return value === part.literal;
  if (part === 'bit') return value === 0 || value === 1;
  if (typeof value !== 'string') return false;
  switch (part) {
    case 'uuid':
      return isUuid(value);
    case 'timestamp':
      // `Date.parse` rolls 2024-02-30 over to March; the calendar check does not.
      return isCalendarDate(ISO_TIMESTAMP.exec(value)?.[1] ?? '') && !value.startsWith('0000');
    case 'date':
      return isCalendarDate(value);
    case 'integer':
      return INTEGER.test(value);
    case 'text':
      return value.length <= 512 && !value.includes('\u0000');
  }
}

function invalidCursor() {
  return validationFailed([{ field: 'cursor', message: 'cursor is not one this API issued for this list' }]);
}
