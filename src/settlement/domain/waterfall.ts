import { add, compare, Money, money, subtract, sum } from '../../common/money';
import { FieldError } from '../../common/problem/problem';

/**
 * The sale-settlement waterfall (DESIGN §8): the cash proceeds of a disposition applied in the
 * order of UCC §9-615(a). Pure: the service gathers what was actually incurred, calls
 * `settleSale`, stores the lines and posts them. Money is integer minor units throughout; the
 * distribution lines add up to the proceeds applied, to the minor unit.
 */

/** §9-615(a)(1): the expenses of retaking, holding, preparing for disposition, processing and disposing. */
export const EXPENSE_TYPES = ['repossession', 'transport', 'storage', 'reconditioning', 'seller_fee', 'legal'] as const;
export type ExpenseType = (typeof EXPENSE_TYPES)[number];

/** Credits the borrower is entitled to that the obligation does not yet reflect (§9-616(c)(5)). */
export const CREDIT_TYPES = ['unearned_interest_rebate', 'add_on_refund', 'other'] as const;
export type CreditType = (typeof CREDIT_TYPES)[number];

export interface SaleExpense {
  readonly type: ExpenseType;
  /** What was actually incurred under the frozen fee schedule or an invoice — never an estimate. */
  readonly amount: Money;
  /** The arithmetic or record it comes from, in words a borrower can check ("12 days × 2500"). */
  readonly basis: string;
  /** The partner owed it; null when the lender incurred it itself (it is reimbursed to the lender). */
  readonly payeeOrgId: string | null;
  /** Where it came from (a job id, an invoice reference), kept with the line. */
  readonly sourceRef?: string;
}

export interface BorrowerCredit {
  readonly type: CreditType;
  readonly amount: Money;
  readonly basis: string;
}

export interface SubordinateLien {
  readonly holder: string;
  /** What the lien secures. */
  readonly amount: Money;
  /** When its authenticated demand for proceeds was received; null if none was sent. */
  readonly demandReceivedAt: Date | null;
  /** §9-615(b): the secured party asked for reasonable proof of the lien. */
  readonly proofRequested: boolean;
  /** …and the holder furnished it. */
  readonly proofFurnished: boolean;
}

export interface SaleSettlementInput {
  readonly currency: string;
  /** The hammer price. The buyer premium is platform revenue, not proceeds (DESIGN §8). */
  readonly hammerPrice: Money;
  /** The secured obligation (the case's total due) as of the sale date. */
  readonly obligation: Money;
  /** The obligation already reflects a rebate of unearned interest (stated in the §9-616 explanation). */
  readonly obligationReflectsRebate: boolean;
  readonly expenses: readonly SaleExpense[];
  /** §9-615(a)(1): attorney's fees and legal expenses only to the extent the agreement provides for them. */
  readonly agreementAllowsLegalFees: boolean;
  readonly credits: readonly BorrowerCredit[];
  readonly subordinateLiens: readonly SubordinateLien[];
  /** When distribution of the proceeds is completed: a demand received later is not paid (§9-615(a)(3)(A)). */
  readonly distributionCompletedAt: Date;
  /** The buyer is the lender, a person related to it, or a secondary obligor (§9-615(f)(1)). */
  readonly relatedPartySale: boolean;
  /** What a complying sale to an unrelated buyer would have brought, when the lender recorded it (§9-615(f)). */
  readonly commerciallyReasonableAmount: Money | null;
}

export type WaterfallStep = 'expenses' | 'obligation' | 'subordinate_lien' | 'surplus';

/** One distribution line, in §9-615(a) order; `applied` is what the proceeds paid, `claimed` what was owed. */
export interface WaterfallLine {
  readonly step: WaterfallStep;
  /** §9-615(a)(1) … (a)(3), §9-615(d)(1). */
  readonly statute: string;
  readonly kind: string;
  readonly claimed: Money;
  readonly applied: Money;
  readonly basis: string;
  /** Expenses: the partner owed it (null: the lender). Liens: null. */
  readonly payeeOrgId: string | null;
  readonly payee: string;
  readonly sourceRef?: string;
}

/** Something the waterfall did not pay, with the reason (a late demand, no proof, fees the agreement does not allow). */
export interface WaterfallExclusion {
  readonly kind: string;
  readonly amount: Money;
  readonly reason: string;
  readonly statute: string;
}

export interface SaleSettlement {
  readonly currency: string;
  readonly hammerPrice: Money;
  /** The amount the surplus or deficiency is computed on: the hammer price, or the §9-615(f) amount. */
  readonly proceedsApplied: Money;
  /** proceedsApplied − hammerPrice: what the related-party buyer's low price cost the borrower, borne by the lender. */
  readonly relatedPartyAdjustment: Money;
  /** §9-615(f) applied: a related-party sale below what a complying sale would have brought. */
  readonly relatedPartyBelowMarket: boolean;
  readonly obligation: Money;
  readonly obligationReflectsRebate: boolean;
  readonly credits: Money;
  readonly creditItems: readonly BorrowerCredit[];
  /** obligation − credits, never below zero. */
  readonly obligationNet: Money;
  /**
   * Credits beyond the obligation (§9-616(c)(5)): they first answer for expenses the proceeds did
   * not cover; the rest is the lender's to refund, and is part of the surplus.
   */
  readonly creditRefund: Money;
  readonly expensesTotal: Money;
  readonly lines: readonly WaterfallLine[];
  readonly exclusions: readonly WaterfallExclusion[];
  /** What the borrower is owed: the proceeds left after (a)(1)–(a)(3) (the surplus line) plus the credit refund. */
  readonly surplus: Money;
  /** §9-615(d)(2): the obligor is liable for the obligation and expenses the proceeds did not pay. */
  readonly deficiency: Money;
  readonly outcome: 'surplus' | 'deficiency' | 'even';
}

export class WaterfallError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'WaterfallError';
  }
}

const CODE = 'settlement.invalid_input';

/** Why the input cannot be settled, empty when it can: non-negative integer amounts, all in one currency. */
export function waterfallInputErrors(input: SaleSettlementInput): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, m: Money | null): void => {
    if (m === null) return;
    if (!Number.isSafeInteger(m.amount) || m.amount < 0) errors.push({ field, code: CODE, message: 'must be a non-negative integer number of minor units' });
    if (m.currency !== input.currency) errors.push({ field, code: CODE, message: `must be in ${input.currency}; amounts in different currencies are never added` });
  };
  check('hammer_price', input.hammerPrice);
  check('obligation', input.obligation);
  check('commercially_reasonable_amount', input.commerciallyReasonableAmount);
  input.expenses.forEach((e, i) => {
    check(`expenses[${i}].amount`, e.amount);
    if (!EXPENSE_TYPES.includes(e.type)) errors.push({ field: `expenses[${i}].type`, code: CODE, message: `must be one of ${EXPENSE_TYPES.join(', ')}` });
    if (!e.basis) errors.push({ field: `expenses[${i}].basis`, code: CODE, message: 'every expense states its basis' });
  });
  input.credits.forEach((c, i) => {
    check(`credits[${i}].amount`, c.amount);
    if (!CREDIT_TYPES.includes(c.type)) errors.push({ field: `credits[${i}].type`, code: CODE, message: `must be one of ${CREDIT_TYPES.join(', ')}` });
  });
  input.subordinateLiens.forEach((l, i) => {
    check(`subordinate_liens[${i}].amount`, l.amount);
    if (l.proofFurnished && !l.proofRequested) errors.push({ field: `subordinate_liens[${i}].proof_furnished`, code: CODE, message: 'proof is furnished in answer to a request' });
  });
  if (input.commerciallyReasonableAmount !== null && !input.relatedPartySale) {
    errors.push({ field: 'commercially_reasonable_amount', code: CODE, message: '§9-615(f) applies only to a sale to the lender, a related person or a secondary obligor' });
  }
  return errors;
}

/** Why a subordinate lien is not paid, or null when §9-615(a)(3) and (b) let it share. */
export function lienRefusal(lien: SubordinateLien, distributionCompletedAt: Date): string | null {
  if (lien.demandReceivedAt === null) return 'no authenticated demand for proceeds was received';
  if (lien.demandReceivedAt.getTime() >= distributionCompletedAt.getTime()) return 'the demand was received after distribution was completed';
  if (lien.proofRequested && !lien.proofFurnished) return 'the reasonable proof of the lien that was asked for was not furnished';
  return null;
}

/**
 * Applies the proceeds in §9-615(a) order. Within (a)(1) the expenses are paid in the order
 * given (the service lists them retaking → holding → preparing → disposing); an expense the
 * proceeds do not cover is still owed to whoever incurred it and is part of the deficiency.
 * Subordinate liens share in the order given (the service lists them by priority).
 */
export function settleSale(input: SaleSettlementInput): SaleSettlement {
  const errors = waterfallInputErrors(input);
  if (errors.length > 0) throw new WaterfallError(errors);
  const c = input.currency;
  const exclusions: WaterfallExclusion[] = [];

  // §9-615(f): on a related-party sale significantly below a complying sale's range, the surplus
  // or deficiency is calculated on what the complying sale would have brought.
  const deemed = input.relatedPartySale && input.commerciallyReasonableAmount !== null && compare(input.commerciallyReasonableAmount, input.hammerPrice) > 0 ? input.commerciallyReasonableAmount : null;
  const proceedsApplied = deemed ?? input.hammerPrice;
  let remaining = proceedsApplied.amount;
  const take = (claimed: Money): Money => {
    const applied = Math.min(remaining, claimed.amount);
    remaining -= applied;
    return money(applied, c);
  };

  const lines: WaterfallLine[] = [];
  const allowed: SaleExpense[] = [];
  for (const e of input.expenses) {
    if (e.type === 'legal' && !input.agreementAllowsLegalFees) {
      exclusions.push({ kind: 'legal', amount: e.amount, reason: 'the agreement does not provide for attorney’s fees and legal expenses', statute: 'UCC §9-615(a)(1)' });
      continue;
    }
    allowed.push(e);
  }
  for (const e of allowed) {
    lines.push({ step: 'expenses', statute: 'UCC §9-615(a)(1)', kind: e.type, claimed: e.amount, applied: take(e.amount), basis: e.basis, payeeOrgId: e.payeeOrgId, payee: e.payeeOrgId ? 'partner' : 'lender', ...(e.sourceRef ? { sourceRef: e.sourceRef } : {}) });
  }
  const expensesTotal = sum(
    allowed.map((e) => e.amount),
    c,
  );

  const credits = sum(
    input.credits.map((x) => x.amount),
    c,
  );
  const obligationNet = money(Math.max(0, input.obligation.amount - credits.amount), c);
  const excessCredit = credits.amount - (input.obligation.amount - obligationNet.amount);
  const creditBasis =
    input.credits.length > 0 ? ` less credits ${credits.amount} (${input.credits.map((x) => `${x.type} ${x.amount.amount}`).join(', ')})${excessCredit > 0 ? `; the credits exceed it by ${excessCredit}, owed to the borrower` : ''}` : '';
  const obligationApplied = take(obligationNet);
  lines.push({ step: 'obligation', statute: 'UCC §9-615(a)(2)', kind: 'secured_obligation', claimed: obligationNet, applied: obligationApplied, basis: `total due at the sale date ${input.obligation.amount}${creditBasis}`, payeeOrgId: null, payee: 'lender' });

  for (const lien of input.subordinateLiens) {
    const refusal = lienRefusal(lien, input.distributionCompletedAt);
    if (refusal) {
      exclusions.push({ kind: 'subordinate_lien', amount: lien.amount, reason: `${lien.holder}: ${refusal}`, statute: refusal.includes('proof') ? 'UCC §9-615(b)' : 'UCC §9-615(a)(3)(A)' });
      continue;
    }
    lines.push({ step: 'subordinate_lien', statute: 'UCC §9-615(a)(3)', kind: 'subordinate_lien', claimed: lien.amount, applied: take(lien.amount), basis: `demand received ${lien.demandReceivedAt?.toISOString()}`, payeeOrgId: null, payee: lien.holder });
  }

  const left = money(remaining, c);
  remaining = 0;
  lines.push({ step: 'surplus', statute: 'UCC §9-615(d)(1)', kind: 'surplus', claimed: left, applied: left, basis: 'what remains after (a)(1)–(a)(3)', payeeOrgId: null, payee: 'borrower' });

  const unpaidExpenses = subtract(
    expensesTotal,
    sum(
      lines.filter((l) => l.step === 'expenses').map((l) => l.applied),
      c,
    ),
  );
  const shortfall = add(subtract(obligationNet, obligationApplied), unpaidExpenses);
  // §9-616(c)(6) nets the credits against everything: an excess first pays what the proceeds left unpaid.
  const offset = Math.min(excessCredit, shortfall.amount);
  const creditRefund = money(excessCredit - offset, c);
  const deficiency = money(shortfall.amount - offset, c);
  const surplus = add(left, creditRefund);
  const distributed = sum(
    lines.map((l) => l.applied),
    c,
  );
  if (distributed.amount !== proceedsApplied.amount) throw new Error(`waterfall does not reconcile: ${distributed.amount} ≠ ${proceedsApplied.amount}`);
  return {
    currency: c,
    hammerPrice: input.hammerPrice,
    proceedsApplied,
    relatedPartyAdjustment: subtract(proceedsApplied, input.hammerPrice),
    relatedPartyBelowMarket: deemed !== null,
    obligation: input.obligation,
    obligationReflectsRebate: input.obligationReflectsRebate,
    credits,
    creditItems: input.credits,
    obligationNet,
    creditRefund,
    expensesTotal,
    lines,
    exclusions,
    surplus,
    deficiency,
    outcome: surplus.amount > 0 ? 'surplus' : deficiency.amount > 0 ? 'deficiency' : 'even',
  };
}
