import { money } from '../../common/money';
import type { FeeLine } from '../../marketplace/domain/fee-engine';

/** A payment as a statement reads it: what it earned, and whether and when it was reversed. */
export interface StatedPayment {
  readonly paymentId: string;
  readonly jobId: string;
  readonly caseId: string;
  readonly lenderOrgId: string;
  readonly currency: string;
  readonly amount: number;
  readonly commission: number;
  readonly platformFee: number;
  readonly lines: readonly FeeLine[];
  readonly reference: string;
}

export interface DraftLine {
  readonly kind: 'commission' | 'reversal';
  readonly ledgerTransactionId: string;
  readonly paymentId: string;
  readonly jobId: string;
  readonly caseId: string;
  readonly lenderOrgId: string;
  readonly recovered: number;
  readonly commission: number;
  readonly platformFee: number;
  readonly net: number;
  readonly basis: readonly FeeLine[];
  readonly postedAt: Date;
}

/** A commission earned: the fee engine's lines, so the partner can redo the arithmetic. */
export function commissionLine(p: StatedPayment, ledgerTransactionId: string, postedAt: Date): DraftLine {
  return { kind: 'commission', ledgerTransactionId, paymentId: p.paymentId, jobId: p.jobId, caseId: p.caseId, lenderOrgId: p.lenderOrgId, recovered: p.amount, commission: p.commission, platformFee: p.platformFee, net: p.commission - p.platformFee, basis: p.lines, postedAt };
}

/** A reversal: the same figures negated, on whichever statement is issued after it (DESIGN §8: corrections on the next). */
export function reversalLine(p: StatedPayment, ledgerTransactionId: string, postedAt: Date, reason: string): DraftLine {
  return {
    kind: 'reversal',
    ledgerTransactionId,
    paymentId: p.paymentId,
    jobId: p.jobId,
    caseId: p.caseId,
    lenderOrgId: p.lenderOrgId,
    recovered: -p.amount,
    commission: -p.commission,
    platformFee: -p.platformFee,
    net: -(p.commission - p.platformFee),
    basis: [{ code: 'reversal', description: `Payment ${p.reference} reversed: ${reason}`, basis: `commission ${p.commission} and platform fee ${p.platformFee} reversed`, amount: money(-p.commission, p.currency) }],
    postedAt,
  };
}

export interface StatementTotals {
  readonly lenderOwes: number;
  readonly platformKeeps: number;
  readonly earnedNet: number;
  readonly carriedForward: number;
  readonly netPayable: number;
}

/**
 * A statement's figures from its lines: what the lenders owe (commissions), what the platform
 * keeps (its fees), the partner's net; a previous statement's negative net is set against it.
 */
export function statementTotals(lines: readonly DraftLine[], previousNet: number | null): StatementTotals {
  const lenderOwes = lines.reduce((s, l) => s + l.commission, 0);
  const platformKeeps = lines.reduce((s, l) => s + l.platformFee, 0);
  const earnedNet = lines.reduce((s, l) => s + l.net, 0);
  const carriedForward = previousNet !== null && previousNet < 0 ? previousNet : 0;
  return { lenderOwes, platformKeeps, earnedNet, carriedForward, netPayable: earnedNet + carriedForward };
}
