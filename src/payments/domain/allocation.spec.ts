import { allocatePayment } from './allocation';

describe('allocatePayment: fees → interest → principal', () => {
  it.each([
    ['all to fees', { fees: 5_000, interest: 2_000, principal: 100_000 }, 3_000, { fees: 3_000, interest: 0, principal: 0 }],
    ['fees, then interest', { fees: 5_000, interest: 2_000, principal: 100_000 }, 6_000, { fees: 5_000, interest: 1_000, principal: 0 }],
    ['fees, interest, then principal', { fees: 5_000, interest: 2_000, principal: 100_000 }, 10_000, { fees: 5_000, interest: 2_000, principal: 3_000 }],
    ['the whole balance', { fees: 5_000, interest: 2_000, principal: 100_000 }, 107_000, { fees: 5_000, interest: 2_000, principal: 100_000 }],
    ['no fees: interest first', { fees: 0, interest: 2_000, principal: 100_000 }, 2_500, { fees: 0, interest: 2_000, principal: 500 }],
    ['principal only', { fees: 0, interest: 0, principal: 100_000 }, 1, { fees: 0, interest: 0, principal: 1 }],
  ])('%s', (_, balances, amount, allocation) => {
    expect(allocatePayment(balances, amount)).toEqual({ ok: true, allocation });
  });

  it('refuses a payment above the total due, naming it', () => {
    expect(allocatePayment({ fees: 1, interest: 2, principal: 3 }, 7)).toEqual({ ok: false, totalDue: 6 });
    expect(allocatePayment({ fees: 0, interest: 0, principal: 0 }, 1)).toEqual({ ok: false, totalDue: 0 });
  });

  it.each([0, -1, 1.5])('refuses an amount of %p', (amount) => {
    expect(() => allocatePayment({ fees: 0, interest: 0, principal: 10 }, amount)).toThrow(RangeError);
  });
});
