import { addMonths, costRatio, curveStep, mean, monthEnd, recoveryCurve, rollChange, RollCount, rollDeltas, RollDelta, rollRates } from './portfolio-metrics';

/** The roll counts a set of deltas leaves for a month: the running sum up to it. */
const countsFor = (deltas: readonly RollDelta[], month: string) => {
  const sums = new Map<string, number>();
  for (const d of deltas) if (d.month <= month) sums.set(`${d.from}→${d.to}`, (sums.get(`${d.from}→${d.to}`) ?? 0) + d.delta);
  return Object.fromEntries([...sums].filter(([, n]) => n !== 0));
};

describe('months', () => {
  it.each([
    ['2026-01-01', 1, '2026-02-01'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-01'],
    ['2026-03-01', -14, '2025-01-01'],
  ])('%s + %i months → %s', (month, n, expected) => {
    expect(addMonths(month, n)).toBe(expected);
  });
  it.each([
    ['2026-02-01', '2026-02-28'],
    ['2028-02-01', '2028-02-29'],
    ['2026-12-01', '2026-12-31'],
  ])('the end of %s is %s', (month, expected) => {
    expect(monthEnd(month)).toBe(expected);
  });
});

describe('roll path of a case', () => {
  // First missed on 10 Jan, placed 20 Jan: M1 at 31 Jan (21 days), M2 at 28 Feb (49), M3 at 31 Mar (80), M4+ from 30 Apr (110).
  const open = rollDeltas('2026-01-10', '2026-01-20', null);
  it.each([
    ['2026-01-01', {}],
    ['2026-02-01', { 'M1→M2': 1 }],
    ['2026-03-01', { 'M2→M3': 1 }],
    ['2026-04-01', { 'M3→M4+': 1 }],
    ['2026-05-01', { 'M4+→M4+': 1 }],
    ['2027-05-01', { 'M4+→M4+': 1 }],
  ])('open, in %s: %p', (month, expected) => {
    expect(countsFor(open, month)).toEqual(expected);
  });

  const closedEarly = rollDeltas('2026-01-10', '2026-01-20', '2026-03-15');
  it.each([
    ['2026-02-01', { 'M1→M2': 1 }],
    ['2026-03-01', { 'M2→closed': 1 }],
    ['2026-04-01', {}],
  ])('closed on 15 Mar, in %s: %p', (month, expected) => {
    expect(countsFor(closedEarly, month)).toEqual(expected);
  });

  const closedLate = rollDeltas('2026-01-10', '2026-01-20', '2026-08-03');
  it.each([
    ['2026-07-01', { 'M4+→M4+': 1 }],
    ['2026-08-01', { 'M4+→closed': 1 }],
    ['2026-09-01', {}],
  ])('closed in its M4+ months (3 Aug), in %s: %p', (month, expected) => {
    expect(countsFor(closedLate, month)).toEqual(expected);
  });

  it('closed in the month it was placed: never in a month-end book', () => {
    expect(rollDeltas('2026-01-10', '2026-01-20', '2026-01-25')).toEqual([]);
  });

  it('closing moves the open path onto the closed one; reopening moves it back', () => {
    const closing = rollChange(open, closedLate);
    expect(countsFor([...open, ...closing], '2026-08-01')).toEqual({ 'M4+→closed': 1 });
    expect(countsFor([...open, ...closing, ...rollChange(closedLate, open)], '2026-09-01')).toEqual({ 'M4+→M4+': 1 });
  });
});

describe('roll rates', () => {
  it('each row is a share of the cases that started the month in its bucket', () => {
    const counts: RollCount[] = [
      { month: '2026-03-01', from: 'M1', to: 'M2', cases: 6 },
      { month: '2026-03-01', from: 'M1', to: 'closed', cases: 2 },
      { month: '2026-03-01', from: 'M2', to: 'M3', cases: 3 },
      { month: '2026-03-01', from: 'M2', to: 'M1', cases: 0 },
    ];
    expect(rollRates(counts)).toEqual([
      { month: '2026-03-01', from: 'M1', to: 'M2', numerator: 6, denominator: 8, rate: 0.75 },
      { month: '2026-03-01', from: 'M1', to: 'closed', numerator: 2, denominator: 8, rate: 0.25 },
      { month: '2026-03-01', from: 'M2', to: 'M3', numerator: 3, denominator: 3, rate: 1 },
    ]);
  });
});

describe('recovery curve', () => {
  it.each([
    ['2026-01-01', '2026-01-29', 0],
    ['2026-01-01', '2026-01-31', 1],
    ['2026-01-01', '2026-04-01', 3],
    ['2026-01-10', '2026-01-05', 0],
  ])('placed %s, paid %s → step %i', (placed, paid, step) => {
    expect(curveStep(placed, paid)).toBe(step);
  });

  it('counts each point over the placement months old enough for it', () => {
    const placed = [
      { month: '2026-01-01', currency: 'USD', placed: 100_000 },
      { month: '2026-02-01', currency: 'USD', placed: 50_000 },
    ];
    const recovered = [
      { month: '2026-01-01', currency: 'USD', step: 0, recovered: 10_000 },
      { month: '2026-01-01', currency: 'USD', step: 1, recovered: 5_000 },
      { month: '2026-02-01', currency: 'USD', step: 0, recovered: 2_000 },
    ];
    // On 1 Apr: January (ends 31 Jan) has had 60 days; February (ends 28 Feb) 30.
    expect(recoveryCurve(placed, recovered, '2026-04-01')).toEqual([
      {
        currency: 'USD',
        points: [
          { days: 30, numerator: 12_000, denominator: 150_000, rate: 0.08 },
          { days: 60, numerator: 15_000, denominator: 100_000, rate: 0.15 },
        ],
      },
    ]);
  });

  it('has no point before a month has had 30 days', () => {
    expect(recoveryCurve([{ month: '2026-03-01', currency: 'EUR', placed: 1 }], [], '2026-04-01')).toEqual([{ currency: 'EUR', points: [] }]);
  });
});

describe('means and cost ratios', () => {
  it.each([
    [10, 4, { numerator: 10, denominator: 4, mean: 2.5 }],
    [0, 0, { numerator: 0, denominator: 0, mean: null }],
    [1, 3, { numerator: 1, denominator: 3, mean: 0.33 }],
  ])('mean of %p over %i', (total, count, expected) => {
    expect(mean(total, count)).toEqual(expected);
  });
  it.each([
    [2_000, 10_000, 0.2],
    [45_000, 0, null],
    [45_000, 30_000, 1.5],
  ])('fees %i ÷ recovered %i → %p', (fees, recovered, rate) => {
    expect(costRatio(fees, recovered).rate).toBe(rate);
  });
});
