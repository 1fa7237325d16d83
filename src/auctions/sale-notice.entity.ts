import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';

export const SALE_NOTICE_METHODS = ['first_class_mail', 'certified_mail', 'email', 'hand_delivery'] as const;
export type SaleNoticeMethod = (typeof SALE_NOTICE_METHODS)[number];

export interface SaleNoticeContact {
  readonly name: string;
  readonly phone: string;
  readonly address: string | null;
}

/** A notice of plan to sell (UCC §9-611/§9-614), as sent; a database trigger refuses any change. */
@Entity('sale_notices')
export class SaleNotice {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('uuid')
  vehicleId: string;

  @Column('uuid')
  caseId: string;

  /** The borrower's region on the case: whose notice period applies. */
  @Column('text')
  region: string;

  @Column('date')
  sentOn: string;

  @Column('text')
  method: SaleNoticeMethod;

  @Column('text')
  currency: string;

  /** The case's total due when the notice was recorded. */
  @Column('bigint', { transformer: bigintTransformer })
  obligation: number;

  /** Minor units in `currency`. */
  @Column('jsonb')
  expenses: { label: string; amount: number }[];

  @Column('bigint', { transformer: bigintTransformer })
  expensesTotal: number;

  @Column('bigint', { transformer: bigintTransformer })
  redemptionAmount: number;

  @Column('jsonb')
  contact: SaleNoticeContact;

  @Column('int')
  noticePeriodDays: number;

  @Column('date')
  earliestSaleOn: string;

  @Column('text')
  deficiencyWarning: string;

  @Column('text')
  content: string;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
