import { BidScoringError, BidToScore, DEFAULT_WEIGHTS, normaliseWeights, PartnerStats, PlatformPriors, rankBids, scoreBids, ScoredBid, ScoringWeights, validateWeights } from './bid-scoring';

const priors: PlatformPriors = { recovery_rate: 0.4, quality: 0.95, on_time_rate: 0.9 };
const noHistory: PartnerStats = { recovered: 0, assigned: 0, complaints_upheld: 0, jobs_total: 0, on_time: 0, sla_total: 0, active_jobs: 0, capacity: 5 };

type BidOverrides = Omit<Partial<BidToScore>, 'stats'> & { readonly stats?: Partial<PartnerStats> };

function aBid(overrides: BidOverrides = {}): BidToScore {
  const { stats, ...rest } = overrides;
  return {
    bid_id: 'bid-1',
    partner_id: 'partner-1',
    placed_at: new Date('2025-03-01T10:00:00Z'),
    effective_fee: 2000,
    proximity: 1,
    ...rest,
    stats: { ...noHistory, ...stats },
  };
}

const only = (weight: keyof ScoringWeights): ScoringWeights => ({ price: 0, performance: 0, quality: 0, sla: 0, capacity: 0, proximity: 0, [weight]: 1 });

describe('scoreBids: worked example with the default weights', () => {
  /*
   * Priors: recovery 0.40, quality 0.95, on-time 0.90. Weights 0.30/0.30/0.15/0.10/0.05/0.10.
   *
   * A: 2000 bps, 30 recovered of 45, 1 upheld complaint in 50 jobs, 45 of 50 on time, 8 of 10 busy, proximity 1
   *    price 1500/2000 = 0.75 → 0.2250 · performance (30+2)/(45+5) = 0.64 → 0.1920
   *    quality 1 − 1/50 = 0.98 → 0.1470 · sla 0.90 → 0.0900 · capacity 2/10 = 0.2 → 0.0100 · proximity 1 → 0.1000
   *    score 0.7640
   * B: 1500 bps, a newcomer with no history, 0 of 5 busy, proximity 0.5
   *    price 1 → 0.3000 · performance (0+2)/5 = 0.40 → 0.1200 · quality prior 0.95 → 0.1425
   *    sla prior 0.90 → 0.0900 · capacity 1 → 0.0500 · proximity 0.5 → 0.0500
   *    score 0.7525
   * C: 2500 bps, 60 of 100, 10 upheld in 100 jobs, 80 of 100 on time, 2 of 4 busy, proximity 1, placed first
   *    price 0.6 → 0.1800 · performance 62/105 = 0.590476… shown 0.5905 → 0.3 × 0.5905 = 0.17715 → 0.1772 (half-up)
   *    quality 0.90 → 0.1350 · sla 0.80 → 0.0800 · capacity 0.5 → 0.0250 · proximity 1 → 0.1000
   *    score 0.6972
   * Order: A, B, C — A's record outweighs B's lower price; C's early bid does not help a lower score.
   */
  const bids: BidToScore[] = [
    aBid({
      bid_id: 'A',
      partner_id: 'pa',
      effective_fee: 2000,
      placed_at: new Date('2025-03-01T10:00:00Z'),
      proximity: 1,
      stats: { recovered: 30, assigned: 45, complaints_upheld: 1, jobs_total: 50, on_time: 45, sla_total: 50, active_jobs: 8, capacity: 10 },
    }),
    aBid({ bid_id: 'B', partner_id: 'pb', effective_fee: 1500, placed_at: new Date('2025-03-01T10:05:00Z'), proximity: 0.5 }),
    aBid({
      bid_id: 'C',
      partner_id: 'pc',
      effective_fee: 2500,
      placed_at: new Date('2025-03-01T09:00:00Z'),
      proximity: 1,
      stats: { recovered: 60, assigned: 100, complaints_upheld: 10, jobs_total: 100, on_time: 80, sla_total: 100, active_jobs: 2, capacity: 4 },
    }),
  ];
  const scored = scoreBids(bids, { priors });

  it('computes each score as the hand calculation does', () => {
    expect(scored.map((s) => [s.bid_id, s.score])).toEqual([
      ['A', 0.764],
      ['B', 0.7525],
      ['C', 0.6972],
    ]);
  });

  it('explains bid A component by component', () => {
    expect(scored[0].breakdown).toEqual({
      price: { value: 0.75, weight: 0.3, contribution: 0.225 },
      performance: { value: 0.64, weight: 0.3, contribution: 0.192 },
      quality: { value: 0.98, weight: 0.15, contribution: 0.147 },
      sla: { value: 0.9, weight: 0.1, contribution: 0.09 },
      capacity: { value: 0.2, weight: 0.05, contribution: 0.01 },
      proximity: { value: 1, weight: 0.1, contribution: 0.1 },
    });
  });

  it('shows values to 4 decimals and rounds contributions half-up', () => {
    expect(scored[2].breakdown.performance).toEqual({ value: 0.5905, weight: 0.3, contribution: 0.1772 });
  });

  it('gives a newcomer the priors', () => {
    expect(scored[1].breakdown.performance.value).toBe(0.4);
    expect(scored[1].breakdown.quality.value).toBe(0.95);
    expect(scored[1].breakdown.sla.value).toBe(0.9);
  });

  it('has breakdowns that add up to the score', () => {
    for (const s of scored) {
      const total = Object.values(s.breakdown).reduce((acc, c) => acc + Math.round(c.contribution * 10_000), 0);
      expect(total / 10_000).toBe(s.score);
    }
  });

  it('ranks A, B, C', () => {
    expect(rankBids(scored).map((s) => s.bid_id)).toEqual(['A', 'B', 'C']);
  });
});

describe('scoreBids: each component alone', () => {
  it.each<[string, keyof ScoringWeights, BidOverrides, number]>([
    ['performance, a perfect record smoothed by the prior', 'performance', { stats: { recovered: 10, assigned: 10 } }, 0.8],
    ['performance, nothing recovered', 'performance', { stats: { recovered: 0, assigned: 95 } }, 0.02],
    ['quality, no upheld complaints', 'quality', { stats: { jobs_total: 20 } }, 1],
    ['quality, one upheld complaint in four jobs', 'quality', { stats: { jobs_total: 4, complaints_upheld: 1 } }, 0.75],
    ['quality, more upheld complaints than jobs floors at 0', 'quality', { stats: { jobs_total: 2, complaints_upheld: 3 } }, 0],
    ['sla, on-time share', 'sla', { stats: { on_time: 2, sla_total: 3 } }, 0.6667],
    ['capacity, half free', 'capacity', { stats: { active_jobs: 5, capacity: 10 } }, 0.5],
    ['capacity, overbooked', 'capacity', { stats: { active_jobs: 12, capacity: 10 } }, 0],
    ['capacity, none declared', 'capacity', { stats: { active_jobs: 0, capacity: 0 } }, 0],
    ['proximity as given', 'proximity', { proximity: 0.25 }, 0.25],
  ])('%s', (_name, component, bid, expected) => {
    const [scored] = scoreBids([aBid(bid)], { priors, weights: only(component) });
    expect(scored.breakdown[component].value).toBe(expected);
    expect(scored.score).toBe(expected);
  });

  it.each<[string, number[], number[]]>([
    ['cheapest / this fee', [1000, 2000, 4000], [1, 0.5, 0.25]],
    ['a zero fee scores 1 and takes the price from every paid bid', [0, 1500], [1, 0]],
    ['several zero fees all score 1', [0, 0], [1, 1]],
    ['equal fees score alike', [1500, 1500], [1, 1]],
  ])('price: %s', (_name, fees, expected) => {
    const scored = scoreBids(
      fees.map((fee, i) => aBid({ bid_id: `b${i}`, effective_fee: fee })),
      { priors, weights: only('price') },
    );
    expect(scored.map((s) => s.breakdown.price.value)).toEqual(expected);
  });

  it('scores no bids as no scores', () => {
    expect(scoreBids([], { priors })).toEqual([]);
  });
});

describe('weights', () => {
  it.each<[string, ScoringWeights, ScoringWeights]>([
    ['the defaults stay as they are', DEFAULT_WEIGHTS, DEFAULT_WEIGHTS],
    ['percentages become fractions', { price: 30, performance: 30, quality: 15, sla: 10, capacity: 5, proximity: 10 }, DEFAULT_WEIGHTS],
    ['a single weight takes all', { ...only('sla'), sla: 7 }, only('sla')],
    [
      'thirds sum to exactly 1, the spare unit going to the first largest remainder',
      { price: 1, performance: 1, quality: 1, sla: 0, capacity: 0, proximity: 0 },
      { price: 0.3334, performance: 0.3333, quality: 0.3333, sla: 0, capacity: 0, proximity: 0 },
    ],
    [
      'sixths sum to exactly 1',
      { price: 1, performance: 1, quality: 1, sla: 1, capacity: 1, proximity: 1 },
      { price: 0.1667, performance: 0.1667, quality: 0.1667, sla: 0.1667, capacity: 0.1666, proximity: 0.1666 },
    ],
  ])('normalise: %s', (_name, weights, expected) => {
    expect(normaliseWeights(weights)).toEqual(expected);
  });

  it('lets a perfect bid score exactly 1 under any weights', () => {
    const perfect = aBid({ stats: { recovered: 1_000_000, assigned: 1_000_000, jobs_total: 10, on_time: 10, sla_total: 10, capacity: 10 } });
    const [scored] = scoreBids([perfect], { priors: { recovery_rate: 1, quality: 1, on_time_rate: 1 }, weights: { price: 1, performance: 1, quality: 1, sla: 1, capacity: 1, proximity: 1 } });
    expect(scored.score).toBe(1);
  });

  it('uses per-listing weights instead of the defaults', () => {
    const cheapButNew = aBid({ bid_id: 'cheap', effective_fee: 1000 });
    const dearButProven = aBid({ bid_id: 'proven', effective_fee: 2000, stats: { recovered: 90, assigned: 100, jobs_total: 100, on_time: 100, sla_total: 100 } });
    const byPrice = rankBids(scoreBids([cheapButNew, dearButProven], { priors, weights: { ...DEFAULT_WEIGHTS, price: 0.9, performance: 0 } }));
    const byRecord = rankBids(scoreBids([cheapButNew, dearButProven], { priors, weights: { ...DEFAULT_WEIGHTS, price: 0.05, performance: 0.6 } }));
    expect(byPrice[0].bid_id).toBe('cheap');
    expect(byRecord[0].bid_id).toBe('proven');
  });

  it.each<[string, ScoringWeights, string[]]>([
    ['a negative weight', { ...DEFAULT_WEIGHTS, capacity: -0.05 }, ['weights.capacity']],
    ['a non-finite weight', { ...DEFAULT_WEIGHTS, price: Number.NaN, sla: Number.POSITIVE_INFINITY }, ['weights.price', 'weights.sla']],
    ['all zero', { price: 0, performance: 0, quality: 0, sla: 0, capacity: 0, proximity: 0 }, ['weights']],
  ])('refuses %s', (_name, weights, fields) => {
    expect(validateWeights(weights).map((e) => e.field)).toEqual(fields);
    expect(() => normaliseWeights(weights)).toThrow(BidScoringError);
    expect(() => scoreBids([aBid()], { priors, weights })).toThrow(expect.objectContaining({ code: 'bid_scoring.invalid_weights' }));
  });
});

describe('scoreBids: refuses input that would give a meaningless score', () => {
  it.each<[string, BidOverrides, string]>([
    ['a negative fee', { effective_fee: -1 }, 'bids[0].effective_fee'],
    ['proximity above 1', { proximity: 1.2 }, 'bids[0].proximity'],
    ['an invalid date', { placed_at: new Date('not a date') }, 'bids[0].placed_at'],
    ['a fractional count', { stats: { assigned: 1.5 } }, 'bids[0].stats.assigned'],
    ['more recovered than assigned', { stats: { recovered: 3, assigned: 2 } }, 'bids[0].stats.recovered'],
    ['more on time than measured', { stats: { on_time: 3, sla_total: 2 } }, 'bids[0].stats.on_time'],
  ])('%s', (_name, bid, field) => {
    expect(() => scoreBids([aBid(bid)], { priors })).toThrow(
      expect.objectContaining({ code: 'bid_scoring.invalid_input', errors: [expect.objectContaining({ field })] }),
    );
  });

  it('a prior outside [0, 1]', () => {
    expect(() => scoreBids([aBid()], { priors: { ...priors, recovery_rate: 40 } })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'priors.recovery_rate' })] }),
    );
  });
});

describe('rankBids', () => {
  const scoredBid = (bid_id: string, score: number, placedAt: string): ScoredBid => {
    const [scored] = scoreBids([aBid({ bid_id, placed_at: new Date(placedAt) })], { priors });
    return { ...scored, score };
  };

  it.each<[string, ScoredBid[], string[]]>([
    ['best score first', [scoredBid('x', 0.5, '2025-03-01T10:00:00Z'), scoredBid('y', 0.7, '2025-03-01T11:00:00Z')], ['y', 'x']],
    ['a tie goes to the earlier bid', [scoredBid('x', 0.7, '2025-03-01T11:00:00Z'), scoredBid('y', 0.7, '2025-03-01T10:00:00Z')], ['y', 'x']],
    ['a tie at the same instant goes to the smaller id', [scoredBid('b', 0.7, '2025-03-01T10:00:00Z'), scoredBid('a', 0.7, '2025-03-01T10:00:00Z')], ['a', 'b']],
    [
      'ties are decided within equal scores only',
      [scoredBid('late-best', 0.8, '2025-03-02T00:00:00Z'), scoredBid('early', 0.6, '2025-03-01T00:00:00Z'), scoredBid('late', 0.6, '2025-03-03T00:00:00Z')],
      ['late-best', 'early', 'late'],
    ],
  ])('%s', (_name, bids, order) => {
    expect(rankBids(bids).map((b) => b.bid_id)).toEqual(order);
  });

  it('breaks a tie between equal computed scores by time', () => {
    const later = aBid({ bid_id: 'a-later', partner_id: 'p1', placed_at: new Date('2025-03-01T10:01:00Z') });
    const earlier = aBid({ bid_id: 'z-earlier', partner_id: 'p2', placed_at: new Date('2025-03-01T10:00:00Z') });
    const ranked = rankBids(scoreBids([later, earlier], { priors }));
    expect(ranked[0].score).toBe(ranked[1].score);
    expect(ranked.map((b) => b.bid_id)).toEqual(['z-earlier', 'a-later']);
  });

  it('does not reorder its input', () => {
    const input = [scoredBid('x', 0.1, '2025-03-01T10:00:00Z'), scoredBid('y', 0.9, '2025-03-01T10:00:00Z')];
    rankBids(input);
    expect(input.map((b) => b.bid_id)).toEqual(['x', 'y']);
  });
});
