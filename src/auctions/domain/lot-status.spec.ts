import { canTransition } from '../../common/state-machine/state-machine';
import { LOT_STATE_MACHINE, LotStatus } from './lot-status';

describe('lot status (DESIGN §7)', () => {
  it.each<[LotStatus, LotStatus, boolean]>([
    ['draft', 'scheduled', true],
    ['draft', 'live', false],
    ['scheduled', 'live', true],
    ['live', 'closed', true],
    ['closed', 'sold', true],
    ['closed', 'no_sale', true],
    ['sold', 'cancelled', false],
    ['live', 'cancelled', true],
    ['sold', 'paid', true],
    ['paid', 'released', true],
    ['sold', 'released', false],
    ['closed', 'paid', false],
    ['paid', 'cancelled', false],
    ['released', 'paid', false],
    ['sold', 'second_chance', true],
    ['sold', 'returned_to_lender', true],
    ['second_chance', 'sold', true],
    ['second_chance', 'returned_to_lender', true],
    ['second_chance', 'cancelled', false],
    ['no_sale', 'sold', true],
    ['no_sale', 'second_chance', false],
    ['returned_to_lender', 'sold', false],
    ['returned_to_lender', 'scheduled', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(LOT_STATE_MACHINE, from, to)).toBe(allowed);
  });
});
