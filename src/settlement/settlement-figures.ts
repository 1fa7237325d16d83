import { Money, money } from '../common/money';
import { CreditType, SaleSettlement, WaterfallStep } from './domain/waterfall';
import { Settlement, SettlementLine } from './settlement.entity';

/** A stored settlement's figures as money. */
export function settlementFigures(s: Settlement) {
  const m = (n: number): Money => money(n, s.currency);
  return { hammerPrice: m(s.hammerPrice), proceedsApplied: m(s.proceedsApplied), obligation: m(s.obligation), credits: m(s.credits), expensesTotal: m(s.expensesTotal), surplus: m(s.surplus), deficiency: m(s.deficiency) };
}

/** The obligation less the credits, never below zero, and the credits beyond it the lender refunds with the surplus (the surplus beyond its line). */
export function creditFigures(s: Settlement, lines: readonly SettlementLine[]): { readonly obligationNet: Money; readonly creditRefund: Money } {
  const left = lines.find((l) => l.step === 'surplus')?.applied ?? 0;
  return { obligationNet: money(Math.max(0, s.obligation - s.credits), s.currency), creditRefund: money(s.surplus - left, s.currency) };
}

/** The waterfall's result rebuilt from the stored rows, so the explanation is generated from exactly what was posted. */
export function storedSaleSettlement(s: Settlement, lines: readonly SettlementLine[]): SaleSettlement {
  const f = settlementFigures(s);
  const m = (n: number): Money => money(n, s.currency);
  const distribution = lines.filter((l) => l.step !== 'credit' && l.step !== 'excluded');
  return {
    currency: s.currency,
    hammerPrice: f.hammerPrice,
    proceedsApplied: f.proceedsApplied,
    relatedPartyAdjustment: m(s.proceedsApplied - s.hammerPrice),
    relatedPartyBelowMarket: s.relatedPartyBelowMarket,
    obligation: f.obligation,
    obligationReflectsRebate: s.obligationReflectsRebate,
    credits: f.credits,
    creditItems: lines.filter((l) => l.step === 'credit').map((l) => ({ type: l.kind as CreditType, amount: m(l.claimed), basis: l.basis })),
    ...creditFigures(s, lines),
    expensesTotal: f.expensesTotal,
    lines: distribution.map((l) => ({ step: l.step as WaterfallStep, statute: l.statute, kind: l.kind, claimed: m(l.claimed), applied: m(l.applied), basis: l.basis, payeeOrgId: l.payeeOrgId, payee: l.payee ?? '', ...(l.sourceRef ? { sourceRef: l.sourceRef } : {}) })),
    exclusions: lines.filter((l) => l.step === 'excluded').map((l) => ({ kind: l.kind, amount: m(l.claimed), reason: l.basis, statute: l.statute })),
    surplus: f.surplus,
    deficiency: f.deficiency,
    outcome: s.outcome,
  };
}
