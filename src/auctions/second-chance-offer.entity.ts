import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';

export const SECOND_CHANCE_STATUSES = ['open', 'accepted', 'declined', 'expired'] as const;
export type SecondChanceStatus = (typeof SECOND_CHANCE_STATUSES)[number];

/**
 * A lot offered to the next bidder at their own maximum after the winner defaulted (issue 15),
 * open until `expires_at`. One open offer per lot, one offer per buyer and lot.
 */
@Entity('auction_second_chance_offers')
export class SecondChanceOffer {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lotId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  buyerOrgId: string;

  @Column('int')
  rank: number;

  @Column('text')
  currency: string;

  @Column('bigint', { transformer: bigintTransformer })
  price: number;

  /** The hold the buyer needs to take the offer (the lot's deposit, enough to cover the price). */
  @Column('bigint', { transformer: bigintTransformer })
  depositRequired: number;

  @Column('text')
  status: SecondChanceStatus;

  @Column('uuid')
  afterInvoiceId: string;

  @Column('uuid', { nullable: true })
  invoiceId: string | null;

  /** When the offer was made. */
  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;
}
