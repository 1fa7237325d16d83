import { DomainError } from '../problem/problem';
import { decodeCursor, encodeCursor } from './cursor';

const ID = '6f1c2a7e-3f4b-4c1d-9a55-0d3c2b1a0e9f';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cursor codec', () => {
  it('round-trips what it encodes, bits as booleans', () => {
    const cursor = encodeCursor([true, '2024-06-30T12:00:00.000Z', ID]);
    expect(decodeCursor(cursor, ['bit', 'timestamp', 'uuid'])).toEqual([true, '2024-06-30T12:00:00.000Z', ID]);
    expect(decodeCursor(encodeCursor(['total_due', '125000', ID]), [{ literal: 'total_due' }, 'integer', 'uuid'])).toEqual(['total_due', '125000', ID]);
    expect(decodeCursor(encodeCursor(['2024-02-29', 'A-1']), ['date', 'text'])).toEqual(['2024-02-29', 'A-1']);
  });

  it.each<[string, string, Parameters<typeof decodeCursor>[1]]>([
    ['garbage', '%%%', ['timestamp', 'uuid']],
    ['not an array', b64({ at: 1 }), ['timestamp', 'uuid']],
    ['too few parts', b64(['2024-06-30T12:00:00.000Z']), ['timestamp', 'uuid']],
    ['an id that is no uuid', b64(['2024-06-30T12:00:00.000Z', 'x']), ['timestamp', 'uuid']],
    ['a time PostgreSQL cannot read', b64(['1', ID]), ['timestamp', 'uuid']],
    ['a day that does not exist', b64(['2024-02-30T12:00:00.000Z', ID]), ['timestamp', 'uuid']],
    ['an hour that does not exist', b64(['2024-06-30T24:00:00.000Z', ID]), ['timestamp', 'uuid']],
    ['a year PostgreSQL refuses', b64(['0000-01-01T00:00:00.000Z', ID]), ['timestamp', 'uuid']],
    ['a number for an amount', b64(['1e400', ID]), ['integer', 'uuid']],
    ['another sort', b64(['-created_at', '1', ID]), [{ literal: 'total_due' }, 'integer', 'uuid']],
    ['a bit that is not 0 or 1', b64([2, '2024-06-30T12:00:00.000Z', ID]), ['bit', 'timestamp', 'uuid']],
    ['a NUL in text', b64(['a\u0000b', ID]), ['text', 'uuid']],
  ])('refuses %s with a 400 naming cursor', (_why, cursor, shape) => {
    let caught: unknown;
    try {
      decodeCursor(cursor, shape);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
  });
});
