import { caseStatusAfter, holdOutcome, outcomeRefusal, vehiclePathFor, vehicleStatusAfter } from './job-lifecycle';

describe('caseStatusAfter (DESIGN §4)', () => {
  it.each([
    ['start', null, 'in_progress'],
    ['return', null, 'returned'],
    ['recall', null, 'recalled'],
    ['cancel', null, 'recalled'],
    ['complete', 'paid_in_full', 'resolved'],
    ['complete', 'settled', 'resolved'],
    ['complete', 'payment_plan', 'payment_plan'],
    ['complete', 'redeemed', 'resolved'],
    ['complete', 'vehicle_recovered', 'returned'],
    ['complete', 'delivered', 'returned'],
    ['complete', 'skip_traced', 'returned'],
  ] as const)('%s (%s) → %s', (move, outcome, expected) => {
    expect(caseStatusAfter(move, outcome)).toBe(expected);
  });
});

describe('vehicleStatusAfter', () => {
  it.each([
    ['cancel', null, 'repo_ordered', 'order_cancelled'],
    ['cancel', null, 'located', 'order_cancelled'],
    ['cancel', null, 'recovered', null],
    ['recall', null, 'repo_ordered', null],
    ['return', null, 'located', null],
    ['complete', 'redeemed', 'in_storage', 'redeemed'],
    ['complete', 'vehicle_recovered', 'in_storage', null],
  ] as const)('%s (%s) from %s → %s', (move, outcome, current, expected) => {
    expect(vehicleStatusAfter(move, outcome, current)).toBe(expected);
  });
});

describe('outcomeRefusal', () => {
  it.each([
    ['collection', 'paid_in_full', null, null],
    ['collection', 'vehicle_recovered', null, 'a collection job completes with one of paid_in_full, settled, payment_plan'],
    ['repossession', 'vehicle_recovered', 'located', 'the vehicle is located; report vehicle_recovered first'],
    ['repossession', 'vehicle_recovered', 'repo_ordered', 'the vehicle is repo_ordered; report vehicle_recovered first'],
    ['repossession', 'vehicle_recovered', 'recovered', null],
    ['repossession', 'vehicle_recovered', 'in_storage', null],
    // The lender may list and sell the stored vehicle before the tow operator closes its job.
    ['repossession', 'vehicle_recovered', 'listed', null],
    ['repossession', 'vehicle_recovered', 'sold', null],
    ['repossession', 'vehicle_recovered', 'released', null],
    ['repossession', 'vehicle_recovered', 'order_cancelled', 'the vehicle is order_cancelled; it was not recovered on this order'],
    ['repossession', 'vehicle_recovered', 'redeemed', 'the vehicle is redeemed; the job completes as redeemed'],
    ['repossession', 'vehicle_recovered', null, 'the vehicle is unknown; it was not recovered on this order'],
    ['transport', 'delivered', 'recovered', 'the vehicle is recovered; report vehicle_stored first'],
    ['transport', 'delivered', 'in_storage', null],
    ['transport', 'delivered', 'sold', null],
    ['skip_trace', 'skip_traced', null, null],
  ] as const)('%s completing as %s with the vehicle %s', (kind, outcome, vehicle, expected) => {
    expect(outcomeRefusal(kind, outcome, vehicle)).toBe(expected);
  });
});

describe('vehiclePathFor (repo_ordered → located → recovered → in_storage)', () => {
  it.each([
    ['vehicle_located', 'repo_ordered', { path: ['located'] }],
    ['vehicle_located', 'located', null],
    ['vehicle_located', 'recovered', { refusal: 'the vehicle is recovered; it can no longer be located' }],
    ['vehicle_recovered', 'repo_ordered', { path: ['located', 'recovered'] }],
    ['vehicle_recovered', 'located', { path: ['recovered'] }],
    ['vehicle_recovered', 'in_storage', { refusal: 'the vehicle is in_storage; only an ordered or located vehicle is recovered' }],
    ['vehicle_stored', 'recovered', { path: ['in_storage'] }],
    ['vehicle_stored', 'in_storage', null],
    ['vehicle_stored', 'located', { refusal: 'the vehicle is located; only a recovered vehicle is stored' }],
    ['note', 'located', null],
  ] as const)('%s from %s', (type, current, expected) => {
    expect(vehiclePathFor(type, current)).toEqual(expected);
  });
});

describe('holdOutcome (DESIGN §6 holds reach every vendor at once)', () => {
  const flag = { kind: 'flag', flag: 'bankruptcy' } as const;
  const closed = { kind: 'case_closed', status: 'resolved' } as const;
  it.each([
    ['offered', flag, 'cancelled'],
    ['accepted', flag, 'on_hold'],
    ['in_progress', flag, 'on_hold'],
    ['on_hold', flag, null],
    ['in_progress', closed, 'cancelled'],
    ['on_hold', closed, 'cancelled'],
    ['completed', flag, null],
    ['recalled', closed, null],
  ] as const)('%s job, %j → %s', (status, cause, expected) => {
    expect(holdOutcome(status, cause)).toBe(expected);
  });
});
