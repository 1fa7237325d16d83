import { money, Money } from '../common/money';
import type { Payment } from './payment.entity';
import type { PlatformFeeSchedule } from './platform-fee-schedule.entity';

export function presentPayment(p: Payment, caseAfter?: { status: string; totalDue: Money }) {
  const m = (amount: number) => money(amount, p.currency);
  return {
    id: p.id,
    case_id: p.caseId,
    status: p.status,
    amount: m(p.amount),
    received_on: p.receivedOn,
    method: p.method,
    reference: p.reference,
    reported_event_id: p.reportedEventId,
    allocation: { fees: m(p.feesPaid), interest: m(p.interestPaid), principal: m(p.principalPaid) },
    commission:
      p.jobId && p.partnerOrgId
        ? {
            job_id: p.jobId,
            partner_org_id: p.partnerOrgId,
            tail_period: p.tailPeriod,
            amount: m(p.commission),
            platform_fee: m(p.platformFee),
            partner_net: m(p.commission - p.platformFee),
            platform_fee_schedule_id: p.platformFeeScheduleId,
            lines: p.commissionLines.map((l) => ({ code: l.code, description: l.description, basis: l.basis, amount: l.amount })),
          }
        : null,
    ledger_transaction_id: p.ledgerTransactionId,
    reversal: p.reversedAt ? { reversed_at: p.reversedAt.toISOString(), reason: p.reversalReason ?? '', ledger_transaction_id: p.reversalLedgerTransactionId } : null,
    created_at: p.createdAt.toISOString(),
    ...(caseAfter ? { case: { status: caseAfter.status, total_due: caseAfter.totalDue } } : {}),
  };
}

export type PaymentView = ReturnType<typeof presentPayment>;

export function presentPlatformFeeSchedule(s: PlatformFeeSchedule) {
  return {
    id: s.id,
    currency: s.currency,
    version: s.version,
    recovered_bps: s.recoveredBps,
    hammer_bps: s.hammerBps,
    effective_from: s.effectiveFrom.toISOString(),
    created_at: s.createdAt.toISOString(),
  };
}
