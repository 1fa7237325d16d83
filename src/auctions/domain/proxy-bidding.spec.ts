import { DEFAULT_INCREMENT_TABLE, incrementAt, incrementTableErrors } from './increment-table';
import { BiddingState, BiddingTerms, minimumBid, NO_BIDS, placeBid, replayBids, reserveMet } from './proxy-bidding';

type Step =
  | { bidder: string; max: number; leader: string; price: number; met?: boolean }
  | { bidder: string; max: number; refused: 'below_minimum' | 'not_above_own_maximum'; minimum: number };

function run(terms: BiddingTerms, steps: readonly Step[]): BiddingState {
  let state = NO_BIDS;
  steps.forEach((step, i) => {
    const decision = placeBid(terms, state, step.bidder, step.max);
    if ('refused' in step) {
      expect({ i, decision }).toEqual({ i, decision: { accepted: false, refusal: { code: step.refused, minimum: step.minimum } } });
      return;
    }
    if (!decision.accepted) throw new Error(`step ${i} refused: ${JSON.stringify(decision.refusal)}`);
    state = decision.state;
    expect({ i, leader: state.leader, price: state.price }).toEqual({ i, leader: step.leader, price: step.price });
    if (step.met !== undefined) expect({ i, met: reserveMet(terms, state) }).toEqual({ i, met: step.met });
  });
  return state;
}

const terms = (startPrice: number, reserve: number | null = null): BiddingTerms => ({ startPrice, reserve, increments: DEFAULT_INCREMENT_TABLE });

describe('increment table (DESIGN §7 default)', () => {
  it.each([
    [0, 2_500],
    [99_999, 2_500],
    [100_000, 5_000],
    [499_999, 5_000],
    [500_000, 10_000],
    [999_999, 10_000],
    [1_000_000, 25_000],
    [90_000_000, 25_000],
  ])('%i bids up by %i', (amount, increment) => {
    expect(incrementAt(DEFAULT_INCREMENT_TABLE, amount)).toBe(increment);
  });

  it('refuses tables that do not ascend, lack an open end or have non-positive increments', () => {
    expect(incrementTableErrors(DEFAULT_INCREMENT_TABLE)).toEqual([]);
    expect(incrementTableErrors([])).toEqual([{ field: 'increment_table', message: 'must have at least one bracket' }]);
    expect(incrementTableErrors([{ below: 500, increment: 10 }, { below: 400, increment: 0 }, { below: 100, increment: 5 }]).map((e) => e.field)).toEqual([
      'increment_table[1].increment',
      'increment_table[1].below',
      'increment_table[2].below',
    ]);
  });
});

describe('proxy bidding', () => {
  it('ladder within and across the 1,000 and 5,000 brackets', () => {
    run(terms(90_000), [
      { bidder: 'A', max: 95_000, leader: 'A', price: 90_000 },
      { bidder: 'B', max: 92_499, refused: 'below_minimum', minimum: 92_500 },
      { bidder: 'B', max: 98_000, leader: 'B', price: 97_500 },
      // beating 98,000 by its increment would be 100,500: capped at the new leader's maximum
      { bidder: 'C', max: 100_000, leader: 'C', price: 100_000 },
      // the current price 1,000.00 is in the 50 bracket
      { bidder: 'A', max: 104_000, refused: 'below_minimum', minimum: 105_000 },
      { bidder: 'A', max: 120_000, leader: 'A', price: 105_000 },
      { bidder: 'B', max: 110_000, leader: 'A', price: 115_000 },
    ]);
  });

  it('uses the increment of the second-highest maximum’s bracket at each edge, ties to the earlier bid', () => {
    run(terms(95_000), [
      { bidder: 'A', max: 200_000, leader: 'A', price: 95_000 },
      { bidder: 'B', max: 99_999, leader: 'A', price: 102_499 },
      { bidder: 'C', max: 107_498, refused: 'below_minimum', minimum: 107_499 },
      { bidder: 'C', max: 499_999, leader: 'C', price: 205_000 },
      { bidder: 'A', max: 499_999, leader: 'C', price: 499_999 },
      { bidder: 'B', max: 1_000_000, leader: 'B', price: 504_999 },
      { bidder: 'D', max: 1_000_000, leader: 'B', price: 1_000_000 },
      { bidder: 'D', max: 1_024_999, refused: 'below_minimum', minimum: 1_025_000 },
      { bidder: 'D', max: 1_300_000, leader: 'D', price: 1_025_000 },
    ]);
  });

  it('jumps to the reserve once a maximum reaches it, never above the leader’s maximum', () => {
    run(terms(50_000, 300_000), [
      { bidder: 'A', max: 100_000, leader: 'A', price: 50_000, met: false },
      { bidder: 'B', max: 250_000, leader: 'B', price: 105_000, met: false },
      { bidder: 'A', max: 350_000, leader: 'A', price: 300_000, met: true },
      { bidder: 'B', max: 310_000, leader: 'A', price: 315_000, met: true },
    ]);
    run(terms(50_000, 80_000), [{ bidder: 'A', max: 90_000, leader: 'A', price: 80_000, met: true }]);
    run(terms(50_000, 40_000), [{ bidder: 'A', max: 50_000, leader: 'A', price: 50_000, met: true }]);
    run(terms(50_000, 300_000), [
      { bidder: 'A', max: 120_000, leader: 'A', price: 50_000, met: false },
      // B reaches the reserve; the price is the reserve, within B's maximum
      { bidder: 'B', max: 300_000, leader: 'B', price: 300_000, met: true },
    ]);
  });

  it('a leader raising their own maximum moves the price only to meet the reserve', () => {
    const state = run(terms(50_000, 400_000), [
      { bidder: 'A', max: 100_000, leader: 'A', price: 50_000, met: false },
      { bidder: 'A', max: 200_000, leader: 'A', price: 50_000, met: false },
      { bidder: 'A', max: 450_000, leader: 'A', price: 400_000, met: true },
      { bidder: 'A', max: 500_000, leader: 'A', price: 400_000, met: true },
      { bidder: 'A', max: 450_000, refused: 'not_above_own_maximum', minimum: 500_001 },
      { bidder: 'B', max: 420_000, leader: 'A', price: 425_000, met: true },
    ]);
    expect(state.maxima).toEqual({ A: 500_000, B: 420_000 });
    expect(state.bidCount).toBe(5);
    // the price capped at the leader's old maximum stays there when the leader raises
    run(terms(50_000), [
      { bidder: 'A', max: 100_000, leader: 'A', price: 50_000 },
      { bidder: 'B', max: 99_000, leader: 'A', price: 100_000 },
      { bidder: 'A', max: 200_000, leader: 'A', price: 100_000 },
    ]);
  });

  it('refuses a first bid below the start price with the start price as the minimum', () => {
    expect(placeBid(terms(50_000), NO_BIDS, 'A', 49_999)).toEqual({ accepted: false, refusal: { code: 'below_minimum', minimum: 50_000 } });
    expect(minimumBid(terms(50_000), NO_BIDS, 'A')).toBe(50_000);
    expect(reserveMet(terms(50_000, 1), NO_BIDS)).toBe(false);
  });

  it('replays accepted bids and names the first that would be refused', () => {
    const bids = [
      { bidder: 'A', max: 95_000 },
      { bidder: 'B', max: 98_000 },
    ];
    expect(replayBids(terms(90_000), bids)).toMatchObject({ leader: 'B', price: 97_500, bidCount: 2 });
    expect(() => replayBids(terms(90_000), [...bids, { bidder: 'C', max: 98_000 }])).toThrow(/bid 2 \(C, 98000\) would be refused: below_minimum/);
  });
});
