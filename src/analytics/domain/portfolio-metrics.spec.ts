import { addMonths, costRatio, curveStep, decideLot, LOT_DECISION, lotChange, lotCounters, LotFact, mean, monthEnd, NO_LOT, recoveryCurve, rollChange, RollCount, rollDeltas, RollDelta, rollRates, storageDaysOf } from './portfolio-metrics';

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

describe('auction lot results', () => {
  const closed = (sold: boolean, price: number, change: Partial<LotFact> = {}): LotFact => decideLot({ ...NO_LOT, month: '2026-10-01', valuation: 800_000, ...change }, { rank: LOT_DECISION.closed, sold, price });
  const zero = lotCounters(NO_LOT);

  it.each<[string, LotFact, Partial<Record<string, number>>]>([
    ['sold at the close, unpaid', closed(true, 600_000), { lots_closed: 1, sold: 1, proceeds: 600_000, valued_sold: 1, valued_proceeds: 600_000, valuation: 800_000 }],
    ['sold without a valuation', closed(true, 600_000, { valuation: null }), { lots_closed: 1, sold: 1, proceeds: 600_000 }],
    ['unsold at the close', closed(false, 0), { lots_closed: 1, no_sale: 1 }],
    ['paid and picked up after 12 days in storage', { ...closed(true, 600_000), paid: true, storageDays: 12 }, { lots_closed: 1, sold: 1, paid: 1, proceeds: 600_000, valued_sold: 1, valued_proceeds: 600_000, valuation: 800_000, released_from_storage: 1, storage_days: 12 }],
    ['paid and picked up before its close arrived: nothing yet', { ...NO_LOT, paid: true, storageDays: 12 }, {}],
  ])('%s', (_, fact, expected) => {
    expect(Object.fromEntries(Object.entries(lotCounters(fact)).filter(([, n]) => n !== 0))).toEqual(expected);
  });

  it('the high bid accepted after a close below the reserve sells the lot at that bid', () => {
    const sold = decideLot(closed(false, 0), { rank: LOT_DECISION.highBidAccepted, sold: true, price: 550_000 });
    expect(sold).toMatchObject({ sold: true, price: 550_000 });
    expect(lotChange(closed(false, 0), sold)).toMatchObject({ lots_closed: 0, sold: 1, no_sale: -1, proceeds: 550_000 });
  });

  it('a second-chance sale replaces the winner’s price; a later offer outranks an earlier, and the return to the lender is final', () => {
    const second = decideLot(closed(true, 600_000), { rank: LOT_DECISION.secondChance(2), sold: true, price: 580_000 });
    expect(second).toMatchObject({ sold: true, price: 580_000 });
    const third = decideLot(second, { rank: LOT_DECISION.secondChance(3), sold: true, price: 560_000 });
    expect(third.price).toBe(560_000);
    // Handled out of order: the earlier offer does not undo the later.
    expect(decideLot(third, { rank: LOT_DECISION.secondChance(2), sold: true, price: 580_000 })).toBe(third);
    const returned = decideLot(third, { rank: LOT_DECISION.returnedToLender, sold: false, price: 0 });
    expect(returned).toMatchObject({ sold: false, price: 0 });
    expect(decideLot(returned, { rank: LOT_DECISION.secondChance(4), sold: true, price: 500_000 })).toBe(returned);
    expect(lotChange(closed(true, 600_000), returned)).toMatchObject({ lots_closed: 0, sold: -1, no_sale: 1, proceeds: -600_000, valuation: -800_000 });
  });

  it('a close arriving after the lot’s later events counts everything at once', () => {
    const early = decideLot({ ...NO_LOT, paid: true }, { rank: LOT_DECISION.highBidAccepted, sold: true, price: 550_000 });
    const late = decideLot({ ...early, month: '2026-10-01', valuation: null }, { rank: LOT_DECISION.closed, sold: false, price: 0 });
    expect(lotChange(early, late)).toEqual({ ...zero, lots_closed: 1, sold: 1, paid: 1, proceeds: 550_000 });
  });
});

describe('days in storage until the pick-up', () => {
  const stored = new Date('2026-10-01T10:00:00Z');
  it.each<[string, number, Date | null, string, number | null]>([
    ['the yard itemised 10 days', 10, stored, '2026-10-04T10:00:00Z', 10],
    ['no itemised storage: started days since stored', 0, stored, '2026-10-03T11:00:00Z', 3],
    ['picked up within the hour it was stored: one day', 0, stored, '2026-10-01T10:30:00Z', 1],
    ['never reported stored', 0, null, '2026-10-03T11:00:00Z', null],
  ])('%s', (_, yardDays, storedAt, pickedUp, expected) => {
    expect(storageDaysOf(yardDays, storedAt, new Date(pickedUp))).toBe(expected);
  });
});
