import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DutyKind } from './domain/repossession-duties';

export const JOB_DUTY_STATUSES = ['open', 'fulfilled', 'breached'] as const;
export type JobDutyStatus = (typeof JOB_DUTY_STATUSES)[number];

/**
 * A duty a recovery started on a job, with the deadline computed when it started (a later edit
 * of the table does not move it). A duty fulfilled after its breach stays `breached`, with the
 * fulfilment recorded beside it.
 */
@Entity('job_duties')
export class JobDuty {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('text')
  jurisdictionCode: string;

  @Column('text')
  duty: DutyKind;

  @Column('text')
  citation: string;

  @Column('uuid')
  recoveryEventId: string;

  @Column({ type: 'timestamptz', precision: 3 })
  recoveredAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column('text', { array: true })
  extendedFor: string[];

  @Column('text')
  status: JobDutyStatus;

  @Column('uuid', { nullable: true })
  fulfilledEventId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  fulfilledAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  breachedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
