import { highBidAcceptDeadline, invoiceDueAt, KeptBid, nextSecondChance, offerExpiresAt } from './second-chance';

const bids = (...rows: [string, number][]): KeptBid[] => rows.map(([bidderOrgId, maxAmount], i) => ({ seq: i + 1, bidderOrgId, maxAmount }));

describe('second chance: who is next, at what price', () => {
  it.each<[string, KeptBid[], string[], number | null, number, ReturnType<typeof nextSecondChance>]>([
    ['the runner-up at their own maximum', bids(['A', 100_000], ['B', 150_000], ['C', 120_000]), ['B'], null, 0, { offer: true, bidderOrgId: 'C', price: 120_000, rank: 1 }],
    ['a bidder counts by their highest maximum', bids(['A', 100_000], ['C', 110_000], ['B', 150_000], ['A', 130_000]), ['B'], null, 0, { offer: true, bidderOrgId: 'A', price: 130_000, rank: 1 }],
    ['equal maxima: the earlier bid', bids(['A', 120_000], ['C', 120_000], ['B', 150_000]), ['B'], null, 0, { offer: true, bidderOrgId: 'A', price: 120_000, rank: 1 }],
    ['equal maxima: earlier by the bid that reached it', bids(['C', 90_000], ['A', 120_000], ['C', 120_000], ['B', 150_000]), ['B'], null, 0, { offer: true, bidderOrgId: 'A', price: 120_000, rank: 1 }],
    ['past offerees are out: the third', bids(['A', 100_000], ['B', 150_000], ['C', 120_000]), ['B', 'C'], null, 1, { offer: true, bidderOrgId: 'A', price: 100_000, rank: 2 }],
    ['at the reserve is offered', bids(['A', 100_000], ['B', 150_000]), ['B'], 100_000, 0, { offer: true, bidderOrgId: 'A', price: 100_000, rank: 1 }],
    ['below the reserve is skipped for one above it', bids(['A', 90_000], ['C', 95_000], ['B', 150_000]), ['B'], 92_000, 0, { offer: true, bidderOrgId: 'C', price: 95_000, rank: 1 }],
    ['everyone left below the reserve: none', bids(['A', 90_000], ['B', 150_000]), ['B'], 100_000, 0, { offer: false, reason: 'below_reserve', belowReserve: ['A'] }],
    ['nobody else bid: none', bids(['B', 100_000], ['B', 150_000]), ['B'], null, 0, { offer: false, reason: 'no_bidder_left', belowReserve: [] }],
    ['no bids at all: none', [], [], null, 0, { offer: false, reason: 'no_bidder_left', belowReserve: [] }],
  ])('%s', (_, kept, out, reserve, offers, expected) => {
    expect(nextSecondChance(kept, new Set(out), reserve, offers)).toEqual(expected);
  });
});

describe('second chance: times', () => {
  it('an offer lapses after 24 h; a no_sale lot’s high bid may be accepted for 24 h', () => {
    expect(offerExpiresAt(new Date('2026-12-02T10:00:00.000Z')).toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(highBidAcceptDeadline(new Date('2026-12-02T10:00:00.000Z')).toISOString()).toBe('2026-12-03T10:00:00.000Z');
  });

  it.each([
    ['2026-12-04', '2026-12-05T00:00:00.000Z'],
    ['2026-12-31', '2027-01-01T00:00:00.000Z'],
    ['2028-02-28', '2028-02-29T00:00:00.000Z'],
  ])('an invoice due on %s is unpaid from %s', (dueOn, at) => {
    expect(invoiceDueAt(dueOn).toISOString()).toBe(at);
  });
});
