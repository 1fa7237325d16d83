import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../../common/money';
import type { PayoutMethod, PayoutStatus } from './domain/payout-status';

/** One attempt to pay a partner what it is owed: a Stripe Connect transfer, or a wire the platform recorded. */
@Entity('payouts')
export class Payout {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('uuid', { nullable: true })
  statementId: string | null;

  /** What is paid: `statement-<id>`. */
  @Column('text')
  subject: string;

  /** This attempt's number for its subject. */
  @Column('int')
  sequence: number;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  method: PayoutMethod;

  @Column('text')
  status: PayoutStatus;

  @Column('text', { nullable: true })
  stripeIdempotencyKey: string | null;

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

  /** The ledger transaction that paid the statement (posted by the statements module). */
  @Column('uuid', { nullable: true })
  ledgerTransactionId: string | null;

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
