import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { CreditType } from './domain/waterfall';

/** A credit the borrower is entitled to that the obligation does not reflect (UCC §9-616(c)(5)), recorded by the lender. */
@Entity('settlement_credits')
export class SettlementCredit {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  vehicleId: string;

  @Column('text')
  type: CreditType;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  basis: string;

  @Column('uuid', { nullable: true })
  recordedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** An expense the lender was invoiced for on the vehicle (a table per kind: each is its own line type in the waterfall). */
abstract class InvoicedExpenseRecord {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  vehicleId: string;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  description: string;

  @Column('text')
  invoiceRef: string;

  @Column('uuid', { nullable: true })
  recordedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** Reconditioning invoiced to prepare the vehicle for sale (UCC §9-615(a)(1) "preparing"), paid by the lender. */
@Entity('settlement_reconditioning')
export class SettlementReconditioning extends InvoicedExpenseRecord {}

/**
 * An attorney's fee or legal expense invoiced for retaking or disposing of the vehicle: an expense
 * of the sale only as far as the agreement provides for it (UCC §9-615(a)(1)), paid by the lender.
 */
@Entity('settlement_legal_expenses')
export class SettlementLegalExpense extends InvoicedExpenseRecord {}

/** A subordinate security interest or lien on the vehicle, with its demand and proof times (UCC §9-615(a)(3), (b)). */
@Entity('subordinate_liens')
export class SubordinateLienRecord {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  vehicleId: string;

  /** 1 is paid first: the liens' order of priority among themselves. */
  @Column('int')
  priority: number;

  @Column('text')
  holder: string;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  demandReceivedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  proofRequestedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  proofReceivedAt: Date | null;

  @Column('uuid', { nullable: true })
  recordedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

export const BUYER_RELATIONS = ['lender', 'related_person', 'secondary_obligor'] as const;
export type BuyerRelation = (typeof BUYER_RELATIONS)[number];

/** One vehicle's sale terms the lender records: a related-party sale (UCC §9-615(f)), the agreement's legal-fees clause (§9-615(a)(1)) and the explanation's contact (§9-616(a)(1)(D)). */
@Entity('settlement_sale_terms')
export class SettlementSaleTerms {
  @PrimaryColumn('uuid')
  vehicleId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('boolean')
  relatedPartySale: boolean;

  @Column('text', { nullable: true })
  buyerRelation: BuyerRelation | null;

  @Column('bigint', { transformer: bigintTransformer, nullable: true })
  commerciallyReasonableAmount: number | null;

  @Column('char', { length: 3, nullable: true })
  commerciallyReasonableCurrency: string | null;

  @Column('text', { nullable: true })
  commerciallyReasonableBasis: string | null;

  /** The clause of the security agreement that provides for attorney's fees and legal expenses (§9-615(a)(1)); null: none does. */
  @Column('text', { nullable: true })
  legalFeesClause: string | null;

  /** The case's total due already reflects a rebate of unearned interest or credit service charge (§9-616(c)(1)). */
  @Column('boolean')
  obligationReflectsRebate: boolean;

  @Column('text', { nullable: true })
  contactPhone: string | null;

  @Column('text', { nullable: true })
  contactAddress: string | null;

  @Column('uuid', { nullable: true })
  updatedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

export const SETTLEMENT_INPUT_ENTITIES = [SettlementCredit, SettlementReconditioning, SettlementLegalExpense, SubordinateLienRecord, SettlementSaleTerms];
