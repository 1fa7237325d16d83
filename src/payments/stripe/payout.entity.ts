import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../../common/money';
import type { PayoutMethod, PayoutStatus } from './domain/payout-status';

/** The payment of one statement's net payable to its partner: a Stripe Connect transfer or a wire recorded by the platform. */
@Entity('payouts')
export class Payout {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('uuid')
  statementId: string;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  method: PayoutMethod;

  @Column('text')
  status: PayoutStatus;

  /** Transfer attempts made; each has its own Stripe idempotency key (a declined key answers its decline for 24 h). */
  @Column('int')
  attempts: number;

  @Column('text', { nullable: true })
  stripeAccountId: string | null;

  @Column('text', { nullable: true })
  stripeTransferId: string | null;

  @Column('text', { nullable: true })
  wireReference: string | null;

  @Column('text', { nullable: true })
  failureCode: string | null;

  @Column('text', { nullable: true })
  failureMessage: string | null;

  @Column('uuid')
  requestedByOrgId: string;

  @Column('uuid', { nullable: true })
  requestedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;

  /** When Stripe's transfer.created event confirmed the transfer. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
