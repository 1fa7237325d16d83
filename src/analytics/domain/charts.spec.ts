import { escapeXml, heatMapSvg, lineChartSvg } from './charts';

describe('line chart', () => {
  const svg = lineChartSvg({
    title: 'Recovery curve',
    description: 'USD: 30 days 10 %, 60 days 15 %',
    xLabel: 'days since placement',
    yLabel: 'recovered ÷ placed',
    xTicks: [
      { x: 30, label: '30' },
      { x: 60, label: '60' },
      { x: 90, label: '90' },
    ],
    series: [{ name: 'USD', points: [{ x: 30, y: 0.1, label: '30 days: 10 %' }, { x: 60, y: 0.15, label: '60 days: 15 %' }, { x: 90, y: null, label: 'none' }] }],
  });

  it('is an accessible image: role, title and description', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Recovery curve</title>');
    expect(svg).toContain('<desc id="chart-desc">USD: 30 days 10 %, 60 days 15 %</desc>');
  });

  it('draws each point where its figures put it, labelled, and skips the empty one', () => {
    // x: 30 → left edge (64), 60 → middle of 552 px (340); y: 10 % of 248 px up from 296 → 271.2, 15 % → 258.8.
    expect(svg).toContain('<circle cx="64" cy="271.2" r="4" fill="#0072B2"><title>USD: 30 days: 10 %</title></circle>');
    expect(svg).toContain('<circle cx="340" cy="258.8" r="4" fill="#0072B2"><title>USD: 60 days: 15 %</title></circle>');
    expect(svg).toContain('<polyline fill="none" stroke="#0072B2" stroke-width="2" points="64,271.2 340,258.8"/>');
    expect(svg.match(/<circle /g)).toHaveLength(2);
    for (const tick of ['>30<', '>60<', '>90<', '>0 %<', '>50 %<', '>100 %<', '>days since placement<']) expect(svg).toContain(tick);
  });
});

describe('heat map', () => {
  const svg = heatMapSvg({
    title: 'Roll rates, 2026-08',
    description: 'M2 to M4+: 100 %',
    rowLabel: 'from',
    columnLabel: 'to',
    rows: ['M2'],
    columns: ['M3', 'M4+'],
    cells: [
      { row: 'M2', column: 'M3', value: null, label: 'M2 → M3: none' },
      { row: 'M2', column: 'M4+', value: 1, label: 'M2 → M4+: 100 % (1 of 1)' },
    ],
  });

  it('labels each cell with its share, shades it by the share, names rows and columns', () => {
    expect(svg).toContain('<title id="chart-title">Roll rates, 2026-08</title>');
    expect(svg).toContain('fill="#0072b2"><title>M2 → M4+: 100 % (1 of 1)</title></rect>');
    expect(svg).toContain('fill="#f4f4f4"><title>M2 → M3: none</title></rect>');
    expect(svg).toContain('fill="#ffffff">100 %</text>');
    for (const label of ['>M2<', '>M3<', '>M4+<']) expect(svg).toContain(label);
  });
});

it.each([
  ['a < b & "c"', 'a &lt; b &amp; &quot;c&quot;'],
  ['M4+ → closed', 'M4+ → closed'],
])('escapes %p', (text, expected) => {
  expect(escapeXml(text)).toBe(expected);
});
