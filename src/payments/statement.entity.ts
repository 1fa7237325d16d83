import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { FeeLine } from '../marketplace/domain/fee-engine';

export type StatementKind = 'monthly' | 'on_demand';
export type StatementStatus = 'issued' | 'paid';

/**
 * What a partner earned in one currency since its previous statement (DESIGN §8), closed once
 * issued (database trigger): what its lenders owe, what the platform keeps, its net payable.
 * Only the payout fields are written later, once.
 */
@Entity('statements')
export class Statement {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  kind: StatementKind;

  /** The previous statement's `periodEnd`; null for the first. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  periodStart: Date | null;

  /** Postings before this instant not yet on a statement are on this one. */
  @Column({ type: 'timestamptz', precision: 3 })
  periodEnd: Date;

  @Column('bigint', { transformer: bigintTransformer })
  lenderOwes: number;

  @Column('bigint', { transformer: bigintTransformer })
  platformKeeps: number;

  @Column('bigint', { transformer: bigintTransformer })
  earnedNet: number;

  /** A previous statement's negative net (reversals above earnings), set against this one. */
  @Column('bigint', { transformer: bigintTransformer })
  carriedForward: number;

  @Column('bigint', { transformer: bigintTransformer })
  netPayable: number;

  @Column('int')
  lineCount: number;

  @Column('text')
  status: StatementStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;

  @Column('text', { nullable: true })
  payoutVia: 'stripe' | 'manual' | null;

  @Column('text', { nullable: true })
  payoutReference: string | null;

  @Column('uuid', { nullable: true })
  payoutLedgerTransactionId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  issuedAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** One job event on a statement: a commission earned or reversed, with the fee engine's basis. */
@Entity('statement_lines')
export class StatementLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  statementId: string;

  @Column('int')
  line: number;

  @Column('text')
  kind: 'commission' | 'reversal';

  @Column('uuid')
  ledgerTransactionId: string;

  @Column('uuid')
  paymentId: string;

  @Column('uuid')
  jobId: string;

  @Column('uuid')
  caseId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('bigint', { transformer: bigintTransformer })
  recovered: number;

  @Column('bigint', { transformer: bigintTransformer })
  commission: number;

  @Column('bigint', { transformer: bigintTransformer })
  platformFee: number;

  @Column('bigint', { transformer: bigintTransformer })
  net: number;

  @Column('jsonb')
  basis: FeeLine[];

  @Column({ type: 'timestamptz', precision: 3 })
  postedAt: Date;
}
