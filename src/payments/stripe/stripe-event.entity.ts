import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A Stripe webhook event by id, stored before it is handled (in the same transaction). */
@Entity('stripe_events')
export class StripeEventRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: string;

  @Column('text', { nullable: true })
  account: string | null;

  @Column('text', { nullable: true })
  objectId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  stripeCreatedAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;

  /** What handling did: `applied`, `behind` (an older event after a newer one), `ignored` (a type Reclaim does not track). */
  @Column('text')
  outcome: string;
}
