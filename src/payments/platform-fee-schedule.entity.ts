import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The platform's fee schedule for one currency (DESIGN §8: a take rate on recovered amounts and
 * on hammer price), one row per version. A job pays the version in force when its terms were
 * frozen, so a later change never reprices work already awarded.
 */
@Entity('platform_fee_schedules')
export class PlatformFeeSchedule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('int')
  version: number;

  @Column('int')
  recoveredBps: number;

  /** For the auction issue: the platform's take on hammer price. */
  @Column('int', { nullable: true })
  hammerBps: number | null;

  @Column({ type: 'timestamptz', precision: 3 })
  effectiveFrom: Date;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
