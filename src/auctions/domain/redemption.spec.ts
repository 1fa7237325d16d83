import type { LotStatus } from './lot-status';
import { redemptionCancels, saleIsFinal } from './redemption';

describe('redemption before the sale is final (UCC §9-623)', () => {
  it.each([
    ['draft', false, true],
    ['scheduled', false, true],
    ['live', false, true],
    ['closed', true, false],
    ['sold', true, false],
    ['paid', true, false],
    ['released', true, false],
    ['no_sale', false, false],
    ['cancelled', false, false],
    ['second_chance', true, false],
    ['returned_to_lender', false, false],
  ] satisfies [LotStatus, boolean, boolean][])('a %s lot: sale final %s, cancelled by a redemption %s', (status, final, cancels) => {
    expect(saleIsFinal(status)).toBe(final);
    expect(redemptionCancels(status)).toBe(cancels);
  });
});
