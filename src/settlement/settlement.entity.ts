import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';

export type SettlementOutcome = 'surplus' | 'deficiency' | 'even';
export type SurplusPaidVia = 'lender' | 'platform';

/**
 * One sale settled (UCC §9-615, issue 16): its figures in minor units of `currency`, the ledger
 * transaction that posted it and, once, the surplus payment. Lines are in `settlement_lines`.
 */
@Entity('settlements')
export class Settlement {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  caseId: string;

  @Column('uuid')
  vehicleId: string;

  @Column('uuid', { nullable: true })
  lotId: string | null;

  @Column('uuid')
  escrowOrgId: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column({ type: 'timestamptz', precision: 3 })
  saleAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  possessionAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  obligationAsOf: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  distributionCompletedAt: Date;

  @Column('bigint', { transformer: bigintTransformer })
  hammerPrice: number;

  @Column('bigint', { transformer: bigintTransformer })
  proceedsApplied: number;

  @Column('boolean')
  relatedPartySale: boolean;

  @Column('bigint', { transformer: bigintTransformer, nullable: true })
  commerciallyReasonableAmount: number | null;

  @Column('boolean')
  relatedPartyBelowMarket: boolean;

  @Column('bigint', { transformer: bigintTransformer })
  obligation: number;

  @Column('boolean')
  obligationReflectsRebate: boolean;

  @Column('bigint', { transformer: bigintTransformer })
  credits: number;

  @Column('bigint', { transformer: bigintTransformer })
  expensesTotal: number;

  @Column('boolean')
  agreementAllowsLegalFees: boolean;

  @Column('bigint', { transformer: bigintTransformer })
  surplus: number;

  @Column('bigint', { transformer: bigintTransformer })
  deficiency: number;

  @Column('text')
  outcome: SettlementOutcome;

  @Column('text', { nullable: true })
  contactPhone: string | null;

  @Column('text', { nullable: true })
  contactAddress: string | null;

  @Column('uuid')
  ledgerTransactionId: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  surplusPaidAt: Date | null;

  @Column('text', { nullable: true })
  surplusPaidVia: SurplusPaidVia | null;

  @Column('text', { nullable: true })
  surplusPaymentReference: string | null;

  @Column('uuid', { nullable: true })
  surplusLedgerTransactionId: string | null;

  /** When the lender placed the deficiency for collection (once). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deficiencyPlacedAt: Date | null;

  @Column('uuid', { nullable: true })
  deficiencyPlacedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

export type SettlementLineStep = 'expenses' | 'obligation' | 'subordinate_lien' | 'surplus' | 'credit' | 'excluded';

/** A line of a settlement: a distribution line in §9-615(a) order, a credit, or something not paid and why. */
@Entity('settlement_lines')
export class SettlementLine {
  @PrimaryColumn('uuid')
  settlementId: string;

  @PrimaryColumn('int')
  line: number;

  @Column('text')
  step: SettlementLineStep;

  @Column('text')
  statute: string;

  @Column('text')
  kind: string;

  @Column('bigint', { transformer: bigintTransformer })
  claimed: number;

  @Column('bigint', { transformer: bigintTransformer })
  applied: number;

  @Column('text')
  basis: string;

  @Column('uuid', { nullable: true })
  payeeOrgId: string | null;

  @Column('text', { nullable: true })
  payee: string | null;

  @Column('text', { nullable: true })
  sourceRef: string | null;
}

/**
 * A borrower's request for the §9-616 explanation, recorded by the lender: answered within 14
 * days (a deadline tracks it), free or chargeable by the §9-616(f) rule.
 */
@Entity('settlement_explanation_requests')
export class SettlementExplanationRequest {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  settlementId: string;

  @Column({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  answerDueAt: Date;

  @Column('boolean')
  free: boolean;

  @Column('bigint', { transformer: bigintTransformer })
  maxCharge: number;

  @Column('char', { length: 3 })
  chargeCurrency: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  answeredAt: Date | null;

  /** When the deadline passed unanswered and the lender was told. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  overdueAt: Date | null;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
