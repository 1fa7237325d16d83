import { balanceOf } from './balance';

describe('balanceOf', () => {
  it.each([
    [{ principal: 1_250_000, interest: 30_000, fees: 4_500, currency: 'USD' }, { amount: 1_284_500, currency: 'USD' }],
    [{ principal: 900_00, interest: 0, fees: 0, currency: 'CNY' }, { amount: 900_00, currency: 'CNY' }],
    [{ principal: 0, interest: 0, fees: 2_500, currency: 'EUR' }, { amount: 2_500, currency: 'EUR' }],
  ])('is principal + interest + fees in the case currency (%j)', (balances, due) => {
    expect(balanceOf(balances)).toEqual(due);
  });

  it('refuses a total beyond safe integer minor units rather than rounding it', () => {
    expect(() => balanceOf({ principal: Number.MAX_SAFE_INTEGER, interest: 1, fees: 0, currency: 'USD' })).toThrow();
  });
});
