import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../../common/money';
import type { TrackedObject } from './domain/stripe-object-status';

/** The last status of a payment intent, charge, transfer or payout, as its webhooks told it. */
@Entity('stripe_objects')
export class StripeObjectRecord {
  @PrimaryColumn('text')
  stripeId: string;

  @Column('text')
  objectType: TrackedObject;

  @Column('text')
  status: string;

  @Column('text', { nullable: true })
  account: string | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  amount: number | null;

  @Column('char', { length: 3, nullable: true })
  currency: string | null;

  @Column('jsonb')
  metadata: Record<string, string>;

  @Column('text')
  lastEventId: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
