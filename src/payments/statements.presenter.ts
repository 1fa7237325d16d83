import { money } from '../common/money';
import type { Statement, StatementLine } from './statement.entity';

export function presentStatementLine(l: StatementLine, currency: string) {
  const m = (n: number) => money(n, currency);
  return {
    line: l.line,
    kind: l.kind,
    posted_at: l.postedAt.toISOString(),
    payment_id: l.paymentId,
    job_id: l.jobId,
    case_id: l.caseId,
    lender_org_id: l.lenderOrgId,
    recovered: m(l.recovered),
    commission: m(l.commission),
    platform_fee: m(l.platformFee),
    net: m(l.net),
    ledger_transaction_id: l.ledgerTransactionId,
    basis: l.basis.map((b) => ({ code: b.code, description: b.description, basis: b.basis, amount: b.amount })),
  };
}

export function presentStatement(s: Statement, lines?: readonly StatementLine[]) {
  const m = (n: number) => money(n, s.currency);
  return {
    id: s.id,
    partner_org_id: s.partnerOrgId,
    currency: s.currency,
    kind: s.kind,
    status: s.status,
    period_start: s.periodStart?.toISOString() ?? null,
    period_end: s.periodEnd.toISOString(),
    lender_owes: m(s.lenderOwes),
    platform_keeps: m(s.platformKeeps),
    earned_net: m(s.earnedNet),
    carried_forward: m(s.carriedForward),
    net_payable: m(s.netPayable),
    line_count: s.lineCount,
    issued_at: s.issuedAt.toISOString(),
    payout: s.paidAt ? { paid_at: s.paidAt.toISOString(), via: s.payoutVia, reference: s.payoutReference, ledger_transaction_id: s.payoutLedgerTransactionId } : null,
    ...(lines ? { lines: lines.map((l) => presentStatementLine(l, s.currency)) } : {}),
  };
}
