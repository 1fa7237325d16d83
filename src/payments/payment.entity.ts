import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { FeeLine } from '../marketplace/domain/fee-engine';

export const PAYMENT_METHODS = ['ach', 'card', 'cash', 'check', 'wire', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentStatus = 'confirmed' | 'reversed';

/**
 * A payment the lender confirmed on one of its cases (DESIGN §8): its allocation, the job it
 * earned for at that job's frozen terms, and the ledger transactions that posted and reversed
 * the commission. Only the reversal fields ever change.
 */
@Entity('payments')
export class Payment {
  @PrimaryColumn('uuid')
  id: string;

  /** The lender. */
  @Column('uuid')
  orgId: string;

  @Column('uuid')
  caseId: string;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('date')
  receivedOn: string;

  @Column('text')
  method: PaymentMethod;

  @Column('text')
  reference: string;

  /** The partner's `payment_reported` progress event this payment confirms. */
  @Column('uuid', { nullable: true })
  reportedEventId: string | null;

  @Column('bigint', { transformer: bigintTransformer })
  feesPaid: number;

  @Column('bigint', { transformer: bigintTransformer })
  interestPaid: number;

  @Column('bigint', { transformer: bigintTransformer })
  principalPaid: number;

  @Column('uuid', { nullable: true })
  jobId: string | null;

  @Column('uuid', { nullable: true })
  partnerOrgId: string | null;

  /** Earned within 30 days after the job's recall (DESIGN §8). */
  @Column('boolean')
  tailPeriod: boolean;

  /** What the lender owes for the payment, at the job's frozen terms. */
  @Column('bigint', { transformer: bigintTransformer })
  commission: number;

  /** The platform's take out of the commission. */
  @Column('bigint', { transformer: bigintTransformer })
  platformFee: number;

  @Column('jsonb')
  commissionLines: FeeLine[];

  @Column('uuid', { nullable: true })
  platformFeeScheduleId: string | null;

  @Column('uuid', { nullable: true })
  ledgerTransactionId: string | null;

  @Column('text')
  status: PaymentStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reversedAt: Date | null;

  @Column('text', { nullable: true })
  reversalReason: string | null;

  @Column('uuid', { nullable: true })
  reversalLedgerTransactionId: string | null;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column('uuid', { nullable: true })
  createdByApiKeyId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
