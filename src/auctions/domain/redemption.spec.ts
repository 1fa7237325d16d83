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
  ] as const)('a %s lot: sale final %s, cancelled by a redemption %s', (status, final, cancels) => {
    expect(saleIsFinal(status)).toBe(final);
    expect(redemptionCancels(status as never)).toBe(cancels);
  });
});
