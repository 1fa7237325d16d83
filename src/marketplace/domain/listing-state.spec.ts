import { LISTING_STATE_MACHINE, LISTING_STATUSES, ListingStatus } from './listing-state';
import { assertTransition, canTransition, IllegalTransitionError, isTerminal } from '../../common/state-machine/state-machine';

function allPairs<S extends string>(states: readonly S[]): [S, S][] {
  return states.flatMap((from) => states.map((to): [S, S] => [from, to]));
}

describe('listing status machine (DESIGN §5)', () => {
  const allowed = new Set<string>([
    'draft>open',
    'draft>cancelled',
    'open>awarded',
    'open>expired',
    'open>cancelled',
  ]);

  it.each(allPairs(LISTING_STATUSES))('%s → %s', (from, to) => {
    const legal = allowed.has(`${from}>${to}`);
    expect(canTransition(LISTING_STATE_MACHINE, from, to)).toBe(legal);
    if (legal) expect(() => assertTransition(LISTING_STATE_MACHINE, from, to)).not.toThrow();
    else expect(() => assertTransition(LISTING_STATE_MACHINE, from, to)).toThrow(IllegalTransitionError);
  });

  it.each<[ListingStatus, boolean]>([
    ['draft', false],
    ['open', false],
    ['awarded', true],
    ['expired', true],
    ['cancelled', true],
  ])('%s is terminal: %s', (state, terminal) => {
    expect(isTerminal(LISTING_STATE_MACHINE, state)).toBe(terminal);
  });

  it('refuses a second award with a stable code naming both states', () => {
    let caught: unknown;
    try {
      assertTransition(LISTING_STATE_MACHINE, 'awarded', 'awarded');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toMatchObject({
      code: 'listing.illegal_transition',
      machine: 'listing',
      from: 'awarded',
      to: 'awarded',
      allowed: [],
    });
    expect((caught as Error).message).toBe('A listing that is awarded cannot become awarded (allowed: none, it is final).');
  });
});
