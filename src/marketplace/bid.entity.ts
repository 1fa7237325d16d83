import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';

export type BidStatus = 'live' | 'replaced' | 'withdrawn' | 'won' | 'lost';

/** A partner's proposal on a listing (DESIGN §5); one live bid per partner and listing. */
@Entity('bids')
export class Bid {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  listingId: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('text')
  status: BidStatus;

  @Column('int', { nullable: true })
  contingencyBps: number | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  flatFeeAmount: number | null;

  @Column('char', { length: 3, nullable: true })
  flatFeeCurrency: string | null;

  @Column('int')
  firstActionHours: number;

  @Column('int')
  completionDays: number;

  /** Lots the bid is for; null means every lot the partner is eligible for. */
  @Column('text', { array: true, nullable: true })
  lotKeys: string[] | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  placedAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
