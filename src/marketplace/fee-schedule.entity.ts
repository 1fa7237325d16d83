import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FeeSchedule } from './domain/fee-schedule';

/**
 * One version of a lender's fee schedule (DESIGN §5). Rows are never updated (a trigger refuses
 * it): an edit is a new row with the same `familyId` and the next version, so what a listing
 * published and a job froze stays readable as it was.
 */
@Entity('fee_schedules')
export class FeeScheduleVersion {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  /** The id of the first version; every version of the schedule shares it. */
  @Column('uuid')
  familyId: string;

  @Column('text')
  name: string;

  @Column('int')
  version: number;

  @Column('jsonb')
  schedule: FeeSchedule;

  @Column('char', { length: 3 })
  currency: string;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
