import type { CaseBalances } from '../../cases/domain/balance';

export interface Allocation {
  readonly fees: number;
  readonly interest: number;
  readonly principal: number;
}

export type AllocationResult = { readonly ok: true; readonly allocation: Allocation } | { readonly ok: false; readonly totalDue: number };

/**
 * Splits a confirmed payment over a case's balances fees → interest → principal (DESIGN §8),
 * each part taking what it can of what is left. Integer minor units in and out, so no split
 * needs rounding. A payment above the total due is refused with the amounts (docs/decisions.md:
 * an overpayment is the lender's to refund, not a balance the platform invents).
 */
export function allocatePayment(balances: Pick<CaseBalances, 'fees' | 'interest' | 'principal'>, amount: number): AllocationResult {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError('a payment is a positive integer number of minor units');
  const totalDue = balances.fees + balances.interest + balances.principal;
  if (amount > totalDue) return { ok: false, totalDue };
  const fees = Math.min(amount, balances.fees);
  const interest = Math.min(amount - fees, balances.interest);
  const principal = amount - fees - interest;
  return { ok: true, allocation: { fees, interest, principal } };
}
