import { defineEvent, P } from '../common/outbox/event-definition';

export const SettlementCompleted = defineEvent('settlement.completed', {
  aggregate: 'settlement',
  description: 'A sale was settled: its proceeds applied in UCC §9-615(a) order and posted to the ledger, leaving a surplus owed to the borrower, a deficiency on the case, or neither.',
  payload: {
    settlement_id: P.id(),
    case_id: P.id(),
    vehicle_id: P.id(),
    lot_id: P.nullable(P.id()),
    proceeds: P.money('the amount applied: the hammer price, or the §9-615(f) amount'),
    outcome: P.oneOf(['surplus', 'deficiency', 'even']),
    surplus: P.money(),
    deficiency: P.money(),
  },
});

export const SettlementSurplusPaid = defineEvent('settlement.surplus_paid', {
  aggregate: 'settlement',
  description: 'The lender marked the surplus of a settlement paid to the borrower.',
  payload: { settlement_id: P.id(), case_id: P.id(), amount: P.money(), via: P.oneOf(['lender', 'platform']) },
});

export const SettlementDeficiencyPlaced = defineEvent('settlement.deficiency_placed', {
  aggregate: 'settlement',
  description: 'The lender placed the deficiency left by a sale for collection: the case carries it and may be listed.',
  payload: { settlement_id: P.id(), case_id: P.id(), deficiency: P.money(), case_status: P.text() },
});

export const SettlementExplanationOverdue = defineEvent('settlement.explanation_overdue', {
  aggregate: 'settlement',
  description: "A borrower's request for the §9-616 explanation was not answered within 14 days of its receipt.",
  payload: { settlement_id: P.id(), request_id: P.id(), case_id: P.id() },
});

export const SETTLEMENT_EVENTS = [SettlementCompleted, SettlementSurplusPaid, SettlementDeficiencyPlaced, SettlementExplanationOverdue] as const;
