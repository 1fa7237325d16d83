/**
 * Charts as SVG from plain data (issue 17: "pictures where people would rather look than read"):
 * pure functions, no DOM, no library (docs/decisions.md). Every chart is an accessible image —
 * `role="img"` with a `<title>` and a `<desc>` that says in words what it shows — and every point
 * or cell carries its own `<title>` with the figure and what it was computed from, so a screen
 * reader or a hover reads the numbers, not only the shape.
 */

export interface LinePoint {
  /** Position on the x axis (days, or the month's index). */
  readonly x: number;
  /** A share in [0, 1]; null where there is nothing to count (the line breaks). */
  readonly y: number | null;
  /** The point's own label: what the figure is and what it was computed from. */
  readonly label: string;
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly LinePoint[];
}

export interface LineChart {
  readonly title: string;
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Tick labels of the x axis by position. */
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly series: readonly LineSeries[];
}

export interface HeatCell {
  readonly row: string;
  readonly column: string;
  /** A share in [0, 1]; null for an empty cell. */
  readonly value: number | null;
  readonly label: string;
}

export interface HeatMap {
  readonly title: string;
  readonly description: string;
  readonly rowLabel: string;
  readonly columnLabel: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly HeatCell[];
}

const WIDTH = 640;
const HEIGHT = 360;
const PAD = { left: 64, right: 24, top: 48, bottom: 64 };
/** Colour-blind-safe series colours (Okabe–Ito). */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const num = (n: number) => String(Math.round(n * 10) / 10);
export const percent = (share: number) => `${Math.round(share * 10_000) / 100} %`;

function frame(title: string, description: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<desc id="chart-desc">${escapeXml(description)}</desc>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

/** Lines of shares (0–100 %) over x; a null point breaks its line and is drawn nowhere. */
export function lineChartSvg(chart: LineChart): string {
  const xs = [...chart.series.flatMap((s) => s.points.map((p) => p.x)), ...chart.xTicks.map((t) => t.x)];
  const [minX, maxX] = xs.length === 0 ? [0, 1] : [Math.min(...xs), Math.max(...xs)];
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (maxX === minX ? plotW / 2 : ((x - minX) / (maxX - minX)) * plotW);
  const sy = (y: number) => PAD.top + (1 - Math.min(1, Math.max(0, y))) * plotH;
  const parts: string[] = [];
  for (const y of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${PAD.left}" y1="${num(sy(y))}" x2="${WIDTH - PAD.right}" y2="${num(sy(y))}" stroke="#dddddd"/>`);
    parts.push(`<text x="${PAD.left - 8}" y="${num(sy(y) + 4)}" text-anchor="end">${percent(y)}</text>`);
  }
  for (const t of chart.xTicks) parts.push(`<text x="${num(sx(t.x))}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  parts.push(`<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 16}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  parts.push(`<text x="16" y="${PAD.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${PAD.top + plotH / 2})">${escapeXml(chart.yLabel)}</text>`);
  chart.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const runs: LinePoint[][] = [[]];
    for (const p of s.points) {
      if (p.y === null) runs.push([]);
      else runs[runs.length - 1]!.push(p);
    }
    for (const run of runs.filter((r) => r.length > 1)) {
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${run.map((p) => `${num(sx(p.x))},${num(sy(p.y!))}`).join(' ')}"/>`);
    }
    for (const p of s.points) {
      if (p.y === null) continue;
      parts.push(`<circle cx="${num(sx(p.x))}" cy="${num(sy(p.y))}" r="4" fill="${colour}"><title>${escapeXml(`${s.name}: ${p.label}`)}</title></circle>`);
    }
    parts.push(`<rect x="${PAD.left + i * 150}" y="${PAD.top - 16}" width="10" height="10" fill="${colour}"/><text x="${PAD.left + i * 150 + 14}" y="${PAD.top - 7}">${escapeXml(s.name)}</text>`);
  });
  return frame(chart.title, chart.description, parts.join('\n'));
}

/** A matrix of shares: rows × columns, darker for a larger share, each cell labelled with its share. */
export function heatMapSvg(map: HeatMap): string {
  const plotW = WIDTH - PAD.left - PAD.right - 40;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const cw = plotW / Math.max(1, map.columns.length);
  const ch = plotH / Math.max(1, map.rows.length);
  const x0 = PAD.left + 40;
  const parts: string[] = [];
  map.columns.forEach((c, j) => parts.push(`<text x="${num(x0 + j * cw + cw / 2)}" y="${PAD.top - 6}" text-anchor="middle">${escapeXml(c)}</text>`));
  map.rows.forEach((r, i) => parts.push(`<text x="${x0 - 8}" y="${num(PAD.top + i * ch + ch / 2 + 4)}" text-anchor="end">${escapeXml(r)}</text>`));
  for (const cell of map.cells) {
    const i = map.rows.indexOf(cell.row);
    const j = map.columns.indexOf(cell.column);
    if (i < 0 || j < 0) continue;
    const fill = cell.value === null ? '#f4f4f4' : shade(cell.value);
    const x = x0 + j * cw;
    const y = PAD.top + i * ch;
    parts.push(
      `<rect x="${num(x)}" y="${num(y)}" width="${num(cw - 2)}" height="${num(ch - 2)}" fill="${fill}"><title>${escapeXml(cell.label)}</title></rect>`,
      `<text x="${num(x + cw / 2)}" y="${num(y + ch / 2 + 4)}" text-anchor="middle" fill="${cell.value !== null && cell.value > 0.55 ? '#ffffff' : '#000000'}">${cell.value === null ? '' : percent(cell.value)}</text>`,
    );
  }
  parts.push(`<text x="${x0 + plotW / 2}" y="${HEIGHT - 24}" text-anchor="middle">${escapeXml(map.columnLabel)}</text>`);
  parts.push(`<text x="16" y="${PAD.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${PAD.top + plotH / 2})">${escapeXml(map.rowLabel)}</text>`);
  return frame(map.title, map.description, parts.join('\n'));
}

/** White (0) to the first series blue (1). */
function shade(value: number): string {
  const v = Math.min(1, Math.max(0, value));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * v).toString(16).padStart(2, '0');
  return `#${mix(255, 0x00)}${mix(255, 0x72)}${mix(255, 0xb2)}`;
}
