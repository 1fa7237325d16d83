import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partner's Stripe Connect account (one per org), with the state its account.updated events report. */
@Entity('payout_accounts')
export class PayoutAccount {
  @PrimaryColumn('uuid')
  orgId: string;

  @Column('text')
  stripeAccountId: string;

  @Column('boolean')
  chargesEnabled: boolean;

  @Column('boolean')
  payoutsEnabled: boolean;

  @Column('boolean')
  detailsSubmitted: boolean;

  @Column('jsonb')
  requirementsDue: string[];

  /** When the account was last read from Stripe (on an account.updated event). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  stripeUpdatedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
