import { money } from '../../common/money';
import { Bucket } from './fee-schedule';
import { allocateLots, Lot, LotBidder, PortfolioCase, PortfolioLotsError, splitPortfolio, SplitRule } from './portfolio-lots';

const aCase = (id: string, region: string, bucket: Bucket, balance: number, currency = 'USD'): PortfolioCase => ({
  id,
  region,
  bucket,
  balance: money(balance, currency),
});

const portfolio: PortfolioCase[] = [
  aCase('c01', 'US-TX', 'M1', 50_000),
  aCase('c02', 'US-CA', 'M2', 120_000),
  aCase('c03', 'US-TX', 'M3', 500_000),
  aCase('c04', 'US-NY', 'M4+', 99_999),
  aCase('c05', 'US-CA', 'M1', 100_000),
  aCase('c06', 'US-TX', 'M2', 750_000),
  aCase('c07', 'US-NY', 'M1', 30_000),
  aCase('c08', 'US-CA', 'M4+', 499_999),
  aCase('c09', 'US-TX', 'M1', 10_000),
  aCase('c10', 'US-CA', 'M3', 200_000),
];

const summary = (lots: Lot[]): [string, string[], number][] => lots.map((lot) => [lot.key, lot.cases.map((c) => c.id), lot.total_balance.amount]);

describe('splitPortfolio', () => {
  it.each<[string, SplitRule, [string, string[], number][]]>([
    [
      'by region, regions in code order',
      { kind: 'by_region' },
      [
        ['US-CA', ['c02', 'c05', 'c08', 'c10'], 919_999],
        ['US-NY', ['c04', 'c07'], 129_999],
        ['US-TX', ['c01', 'c03', 'c06', 'c09'], 1_310_000],
      ],
    ],
    [
      'by bucket, buckets in delinquency order',
      { kind: 'by_bucket' },
      [
        ['M1', ['c01', 'c05', 'c07', 'c09'], 190_000],
        ['M2', ['c02', 'c06'], 870_000],
        ['M3', ['c03', 'c10'], 700_000],
        ['M4+', ['c04', 'c08'], 599_998],
      ],
    ],
    [
      'by balance band, a balance on a threshold going to the band above',
      { kind: 'by_balance_band', thresholds: [100_000, 500_000] },
      [
        ['<100000', ['c01', 'c04', 'c07', 'c09'], 189_999],
        ['100000-499999', ['c02', 'c05', 'c08', 'c10'], 919_999],
        ['>=500000', ['c03', 'c06'], 1_250_000],
      ],
    ],
    ['by balance band, empty bands making no lot', { kind: 'by_balance_band', thresholds: [1_000_000, 2_000_000] }, [['<1000000', portfolio.map((c) => c.id), 2_359_998]]],
    [
      // Dealt largest first to the lightest lot: c06 c03 c08 | c10→3 c02→2 c05→2 c04→3 c01→2 c07→1 c09→2.
      'evenly into 3 lots by balance',
      { kind: 'even', lots: 3 },
      [
        ['lot-1', ['c06', 'c07'], 780_000],
        ['lot-2', ['c01', 'c02', 'c03', 'c05', 'c09'], 780_000],
        ['lot-3', ['c04', 'c08', 'c10'], 799_998],
      ],
    ],
    ['evenly into 1 lot', { kind: 'even', lots: 1 }, [['lot-1', portfolio.map((c) => c.id), 2_359_998]]],
  ])('%s', (_name, rule, expected) => {
    expect(summary(splitPortfolio(portfolio, rule))).toEqual(expected);
  });

  it.each<SplitRule>([
    { kind: 'by_region' },
    { kind: 'by_bucket' },
    { kind: 'by_balance_band', thresholds: [100_000, 500_000] },
    { kind: 'even', lots: 4 },
  ])('gives the same lots whatever the input order (%j)', (rule) => {
    const reversed = [...portfolio].reverse();
    const rotated = [...portfolio.slice(3), ...portfolio.slice(0, 3)];
    expect(splitPortfolio(reversed, rule)).toEqual(splitPortfolio(portfolio, rule));
    expect(splitPortfolio(rotated, rule)).toEqual(splitPortfolio(portfolio, rule));
  });

  it.each([2, 3, 4, 5, 7, 10])('keeps %s even lots within the largest balance of each other, every case once', (n) => {
    const lots = splitPortfolio(portfolio, { kind: 'even', lots: n });
    const totals = lots.map((lot) => lot.total_balance.amount);
    expect(lots).toHaveLength(n);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(750_000);
    expect(lots.flatMap((lot) => lot.cases.map((c) => c.id)).sort()).toEqual(portfolio.map((c) => c.id));
  });

  it('balances case counts when balances tie', () => {
    const zeros = ['a', 'b', 'c', 'd'].map((id) => aCase(id, 'US-TX', 'M1', 0));
    expect(summary(splitPortfolio(zeros, { kind: 'even', lots: 2 }))).toEqual([
      ['lot-1', ['a', 'c'], 0],
      ['lot-2', ['b', 'd'], 0],
    ]);
  });

  it.each<[string, PortfolioCase[], SplitRule, string, string | undefined]>([
    ['an empty portfolio', [], { kind: 'by_region' }, 'portfolio.empty', undefined],
    ['mixed currencies', [aCase('a', 'US-TX', 'M1', 1), aCase('b', 'CN-GD', 'M1', 1, 'CNY')], { kind: 'by_region' }, 'portfolio.mixed_currency', undefined],
    ['a case twice', [aCase('a', 'US-TX', 'M1', 1), aCase('a', 'US-TX', 'M1', 1)], { kind: 'by_bucket' }, 'portfolio.duplicate_case', undefined],
    ['no thresholds', portfolio, { kind: 'by_balance_band', thresholds: [] }, 'portfolio.invalid_split', 'split.thresholds'],
    ['a zero threshold', portfolio, { kind: 'by_balance_band', thresholds: [0, 10] }, 'portfolio.invalid_split', 'split.thresholds[0]'],
    ['thresholds out of order', portfolio, { kind: 'by_balance_band', thresholds: [500, 500] }, 'portfolio.invalid_split', 'split.thresholds[1]'],
    ['zero lots', portfolio, { kind: 'even', lots: 0 }, 'portfolio.invalid_split', 'split.lots'],
    ['a fractional number of lots', portfolio, { kind: 'even', lots: 2.5 }, 'portfolio.invalid_split', 'split.lots'],
    ['more lots than cases', portfolio, { kind: 'even', lots: 11 }, 'portfolio.invalid_split', 'split.lots'],
  ])('refuses %s', (_name, cases, rule, code, field) => {
    let caught: unknown;
    try {
      splitPortfolio(cases, rule);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PortfolioLotsError);
    expect((caught as PortfolioLotsError).code).toBe(code);
    expect((caught as PortfolioLotsError).errors.map((e) => e.field)).toEqual(field === undefined ? [] : [field]);
  });
});

const bidder = (partner_id: string): LotBidder => ({ bid_id: `bid-${partner_id}`, partner_id });
const lotOf = (key: string, balances: number[]): Lot =>
  splitPortfolio(
    balances.map((b, i) => aCase(`${key}-${String(i + 1).padStart(2, '0')}`, key, 'M1', b)),
    { kind: 'by_region' },
  )[0];
const awardsOf = (allocation: ReturnType<typeof allocateLots>): [string, string, string, number][] =>
  allocation.awards.map((a) => [a.lot_key, a.role, a.partner_id, a.case_ids.length]);

describe('allocateLots', () => {
  const big = lotOf('big', [500_000, 400_000]);
  const small = lotOf('small', [1_000]);

  it('gives each lot to its best bidder with capacity, largest lot first', () => {
    const allocation = allocateLots(
      [small, big],
      new Map([
        ['big', [bidder('p1'), bidder('p2')]],
        ['small', [bidder('p1'), bidder('p3')]],
      ]),
      new Map([
        ['p1', 1],
        ['p2', 1],
        ['p3', 1],
      ]),
    );
    expect(awardsOf(allocation)).toEqual([
      ['big', 'champion', 'p1', 2],
      ['small', 'champion', 'p3', 1],
    ]);
    expect(allocation.awards[0]).toMatchObject({ bid_id: 'bid-p1', case_ids: ['big-01', 'big-02'], total_balance: money(900_000, 'USD') });
    expect(allocation.unallocated_lot_keys).toEqual([]);
  });

  it.each<[string, Map<string, number>, [string, string, string, number][], string[]]>([
    ['a partner with room for two lots takes both', new Map([['p1', 2]]), [['big', 'champion', 'p1', 2], ['small', 'champion', 'p1', 1]], []],
    ['a partner missing from the capacity map has none', new Map([['p2', 1]]), [['big', 'champion', 'p2', 2]], ['small']],
    ['a partner at zero capacity is passed over', new Map([['p1', 0], ['p2', 1], ['p3', 1]]), [['big', 'champion', 'p2', 2], ['small', 'champion', 'p3', 1]], []],
    ['nobody with capacity leaves both lots unallocated', new Map(), [], ['big', 'small']],
  ])('%s', (_name, capacity, awards, unallocated) => {
    const allocation = allocateLots(
      [big, small],
      new Map([
        ['big', [bidder('p1'), bidder('p2')]],
        ['small', [bidder('p1'), bidder('p3')]],
      ]),
      capacity,
    );
    expect(awardsOf(allocation)).toEqual(awards);
    expect(allocation.unallocated_lot_keys).toEqual(unallocated);
  });

  it('leaves a lot nobody bid on unallocated', () => {
    expect(allocateLots([big], new Map(), new Map([['p1', 5]]))).toEqual({ awards: [], unallocated_lot_keys: ['big'] });
  });

  it('does not change the capacity it was given', () => {
    const capacity = new Map([['p1', 1]]);
    allocateLots([big], new Map([['big', [bidder('p1')]]]), capacity);
    expect(capacity.get('p1')).toBe(1);
  });
});

describe('allocateLots: champion and challenger', () => {
  // Balances 1000, 900, … 100: the balance order is the id order.
  const ten = lotOf('ten', [1_000, 900, 800, 700, 600, 500, 400, 300, 200, 100]);
  const ranked = new Map([['ten', [bidder('p1'), bidder('p2'), bidder('p3')]]]);
  const roomy = new Map([
    ['p1', 5],
    ['p2', 5],
    ['p3', 5],
  ]);

  it('splits 80/20, the challenger sampled across the balance range', () => {
    const { awards } = allocateLots([ten], ranked, roomy, { challenger_share_bps: 2000 });
    expect(awards.map((a) => [a.role, a.partner_id, a.case_ids, a.total_balance.amount])).toEqual([
      ['champion', 'p1', ['ten-01', 'ten-02', 'ten-04', 'ten-05', 'ten-06', 'ten-07', 'ten-09', 'ten-10'], 4_400],
      ['challenger', 'p2', ['ten-03', 'ten-08'], 1_100],
    ]);
  });

  it.each<[number, number, number]>([
    // [cases, share bps, challenger cases]
    [10, 2000, 2],
    [10, 5000, 5],
    [5, 2000, 1],
    [3, 2000, 1], // 0.6 rounds half-up to 1
    [3, 5000, 1], // 1.5 would round to 2; the champion keeps the larger part
    [4, 5000, 2],
    [2, 2000, 0], // 0.4 rounds to 0: the lot goes whole to the champion
    [1, 5000, 0],
    [100, 1, 0],
    [100, 50, 1],
  ])('%s cases at %s bps give the challenger %s', (n, share, expected) => {
    const lot = lotOf('lot', Array.from({ length: n }, (_, i) => 1_000 + i));
    const { awards } = allocateLots([lot], new Map([['lot', [bidder('p1'), bidder('p2')]]]), roomy, { challenger_share_bps: share });
    const challenger = awards.find((a) => a.role === 'challenger');
    expect(challenger?.case_ids.length ?? 0).toBe(expected);
    expect(awards.reduce((acc, a) => acc + a.case_ids.length, 0)).toBe(n);
  });

  it('gives a single challenger case from the middle of the balance range', () => {
    const five = lotOf('five', [500, 400, 300, 200, 100]);
    const { awards } = allocateLots([five], new Map([['five', [bidder('p1'), bidder('p2')]]]), roomy, { challenger_share_bps: 2000 });
    expect(awards[1]).toMatchObject({ role: 'challenger', case_ids: ['five-03'] });
  });

  it.each<[string, Map<string, readonly LotBidder[]>, Map<string, number>, [string, string, string, number][]]>([
    ['the champion takes the whole lot without a second bidder', new Map([['ten', [bidder('p1')]]]), roomy, [['ten', 'champion', 'p1', 10]]],
    [
      'the challenger is the next bidder with capacity',
      ranked,
      new Map([
        ['p1', 1],
        ['p3', 1],
      ]),
      [
        ['ten', 'champion', 'p1', 8],
        ['ten', 'challenger', 'p3', 2],
      ],
    ],
    [
      'a second bid from the champion is not a challenger',
      new Map([['ten', [bidder('p1'), { bid_id: 'bid-p1-again', partner_id: 'p1' }, bidder('p2')]]]),
      roomy,
      [
        ['ten', 'champion', 'p1', 8],
        ['ten', 'challenger', 'p2', 2],
      ],
    ],
  ])('%s', (_name, bids, capacity, awards) => {
    expect(awardsOf(allocateLots([ten], bids, capacity, { challenger_share_bps: 2000 }))).toEqual(awards);
  });

  it('uses a job of capacity for the challenger too', () => {
    const smaller = lotOf('smaller', [50, 40, 30, 20, 10]);
    const allocation = allocateLots(
      [ten, smaller],
      new Map([
        ['ten', [bidder('p1'), bidder('p2')]],
        ['smaller', [bidder('p2'), bidder('p3')]],
      ]),
      new Map([
        ['p1', 1],
        ['p2', 1],
        ['p3', 1],
      ]),
      { challenger_share_bps: 2000 },
    );
    expect(awardsOf(allocation)).toEqual([
      ['ten', 'champion', 'p1', 8],
      ['ten', 'challenger', 'p2', 2],
      ['smaller', 'champion', 'p3', 5],
    ]);
  });

  it.each([0, 5001, 12.5, -2000])('refuses a challenger share of %s bps', (share) => {
    expect(() => allocateLots([ten], ranked, roomy, { challenger_share_bps: share })).toThrow(
      expect.objectContaining({ code: 'portfolio.invalid_share', errors: [expect.objectContaining({ field: 'challenger_share_bps' })] }),
    );
  });
});
