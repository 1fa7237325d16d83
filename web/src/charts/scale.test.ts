import { describe, expect, it } from 'vitest';
import { barWidths, linePath } from './scale';

describe('linePath', () => {
  it('scales days across the width and rates up the height', () => {
    expect(linePath([{ x: 0, y: 0 }, { x: 30, y: 0.25 }, { x: 60, y: 0.5 }], 120, 100)).toBe('M0,100 L60,75 L120,50');
  });
  it('keeps rates inside the box and draws nothing without points', () => {
    expect(linePath([{ x: 0, y: -1 }, { x: 10, y: 2 }], 10, 10)).toBe('M0,10 L10,0');
    expect(linePath([], 10, 10)).toBe('');
  });
  it('draws a single point at x 0', () => {
    expect(linePath([{ x: 0, y: 0.5 }], 10, 10)).toBe('M0,5');
  });
});

describe('barWidths', () => {
  it.each([
    [[5, 10, 0], 200, [100, 200, 0]],
    [[0, 0], 200, [0, 0]],
    [[3], 90, [90]],
    [[-2, 4], 100, [0, 100]],
  ])('%j in %d → %j', (values, width, expected) => {
    expect(barWidths(values, width)).toEqual(expected);
  });
});
