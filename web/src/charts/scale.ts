/** A point of a chart in data units (x: days, y: a rate from 0 to 1). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * An SVG path through `points` in a `width` × `height` box: x from 0 to the largest x, y from 0 to
 * 1 upwards (SVG's y grows downwards). No chart library: the console draws two small charts.
 */
export function linePath(points: readonly Point[], width: number, height: number): string {
  if (points.length === 0) return '';
  const maxX = Math.max(...points.map((p) => p.x)) || 1;
  const round = (n: number) => Math.round(n * 10) / 10;
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round((p.x / maxX) * width)},${round(height - Math.min(1, Math.max(0, p.y)) * height)}`).join(' ');
}

/** Bar lengths for `values` in a box `width` wide, the largest value filling it. */
export function barWidths(values: readonly number[], width: number): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? 0 : Math.round((Math.max(0, v) / max) * width)));
}
