import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';

export type CreditLineStatus = 'active' | 'suspended';

/** A buyer's credit line (issue 15): set by a platform admin, it covers bids up to `limit` with the standing deposit. */
@Entity('auction_credit_lines')
export class AuctionCreditLine {
  @PrimaryColumn('uuid')
  buyerOrgId: string;

  @Column('bigint', { name: 'limit_amount', transformer: bigintTransformer })
  limit: number;

  @Column('text')
  currency: string;

  @Column('text')
  status: CreditLineStatus;

  @Column('text')
  reason: string;

  @Column('uuid', { nullable: true })
  setByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  suspendedAt: Date | null;

  @Column('text', { nullable: true })
  suspendedReason: string | null;
}
