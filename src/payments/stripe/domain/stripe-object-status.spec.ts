import { statusMove, trackedStatus } from './stripe-object-status';

describe('statusMove', () => {
  it.each([
    ['payment_intent', null, 'requires_capture', true],
    ['payment_intent', 'requires_payment_method', 'requires_capture', true],
    ['payment_intent', 'requires_capture', 'succeeded', true],
    ['payment_intent', 'succeeded', 'requires_capture', false],
    ['payment_intent', 'canceled', 'succeeded', false],
    ['payment_intent', 'succeeded', 'succeeded', false],
    ['charge', 'authorised', 'captured', true],
    ['charge', 'captured', 'authorised', false],
    ['charge', 'captured', 'partially_refunded', true],
    ['charge', 'refunded', 'partially_refunded', false],
    ['transfer', 'created', 'reversed', true],
    ['transfer', 'reversed', 'created', false],
    ['payout', 'pending', 'paid', true],
    ['payout', 'paid', 'pending', false],
    ['payout', 'paid', 'failed', true],
    ['payout', 'failed', 'paid', false],
    ['payout', 'pending', 'exploded', false],
  ] as const)('%s %s → %s moves: %s', (type, from, to, moves) => {
    expect(statusMove(type, from, to).moves).toBe(moves);
  });

  it('says why an object does not move', () => {
    expect(statusMove('payment_intent', 'succeeded', 'requires_capture')).toEqual({ moves: false, current: 'succeeded', reason: 'final' });
    expect(statusMove('charge', 'captured', 'authorised')).toEqual({ moves: false, current: 'captured', reason: 'behind' });
  });
});

describe('trackedStatus', () => {
  it.each([
    [{ object: 'charge', status: 'succeeded', captured: false, amount: 500, amount_captured: 0, amount_refunded: 0 }, 'authorised'],
    [{ object: 'charge', status: 'succeeded', captured: true, amount: 500, amount_captured: 300, amount_refunded: 200 }, 'captured'],
    [{ object: 'charge', status: 'succeeded', captured: true, amount: 500, amount_captured: 300, amount_refunded: 250 }, 'partially_refunded'],
    [{ object: 'charge', status: 'succeeded', captured: true, refunded: true, amount: 500, amount_captured: 500, amount_refunded: 500 }, 'refunded'],
    [{ object: 'charge', status: 'failed', captured: false }, 'failed'],
  ])('charge %j is %s', (charge, status) => {
    expect(trackedStatus('charge', charge)).toBe(status);
  });

  it('reads transfers by their reversals and payouts by their status', () => {
    expect(trackedStatus('transfer', { object: 'transfer', amount: 100, amount_reversed: 0, reversed: false })).toBe('created');
    expect(trackedStatus('transfer', { object: 'transfer', amount: 100, amount_reversed: 40, reversed: false })).toBe('partially_reversed');
    expect(trackedStatus('transfer', { object: 'transfer', amount: 100, amount_reversed: 100, reversed: true })).toBe('reversed');
    expect(trackedStatus('payout', { object: 'payout', status: 'in_transit' })).toBe('in_transit');
  });
});
