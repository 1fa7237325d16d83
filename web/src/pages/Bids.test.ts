import { describe, expect, it } from 'vitest';
import { component } from './Bids';

describe('component (one part of a bid’s score breakdown)', () => {
  it.each([
    [{ value: 1, weight: 0.3, contribution: 0.3 }, '1.00 × 0.30 = 0.300'],
    [0.25, '0.250'],
    [{ other: true }, '{"other":true}'],
  ])('%j → %s', (part, shown) => expect(component(part)).toBe(shown));
});
