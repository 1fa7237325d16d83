import { defineEvent, P } from '../common/outbox/event-definition';

const payment = {
  payment_id: P.id(),
  case_id: P.id(),
  amount: P.money(),
  job_id: P.nullable(P.id()),
  partner_org_id: P.nullable(P.id()),
  commission: P.money('what the lender owes for it, at the job’s frozen terms'),
};

export const PaymentReceived = defineEvent('payment.received', {
  aggregate: 'payment',
  description: 'The lender confirmed a payment on a case; it was allocated fees → interest → principal and earned the assigned partner its commission.',
  payload: { ...payment, received_on: P.day(), tail_period: P.bool(), case_resolved: P.bool() },
});

export const PaymentReversed = defineEvent('payment.reversed', {
  aggregate: 'payment',
  description: 'A confirmed payment was reversed: its allocation is back on the case and its commission reversed in the ledger.',
  payload: { ...payment, reason: P.text() },
});

export const StatementIssued = defineEvent('statement.issued', {
  aggregate: 'statement',
  description: 'A partner statement was issued (monthly or on demand), closed: its lines and net payable never change.',
  payload: { statement_id: P.id(), partner_org_id: P.id(), kind: P.oneOf(['monthly', 'on_demand']), period_end: P.timestamp(), net_payable: P.money(), line_count: P.int() },
});

export const PAYMENT_EVENTS = [PaymentReceived, PaymentReversed, StatementIssued] as const;
