import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';

/** A borrower's redemption of a repossessed vehicle before its sale was final (UCC §9-623). */
@Entity('redemptions')
export class Redemption {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('uuid')
  vehicleId: string;

  @Column('uuid')
  caseId: string;

  /** The lot it cancelled, if the vehicle had one that was not over. */
  @Column('uuid', { nullable: true })
  lotId: string | null;

  @Column('text')
  currency: string;

  @Column('bigint', { transformer: bigintTransformer })
  obligation: number;

  @Column('jsonb')
  expenses: { label: string; amount: number }[];

  @Column('bigint', { transformer: bigintTransformer })
  required: number;

  @Column('bigint', { transformer: bigintTransformer })
  amountPaid: number;

  @Column('date')
  paidOn: string;

  @Column('text', { nullable: true })
  reference: string | null;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
