import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../common/json';
import type { ProgressEventType } from './domain/progress-events';

/**
 * One typed progress report on a job (DESIGN §6), append-only (a trigger refuses UPDATE and
 * DELETE). `occurredAt` is when the reporter says it happened, `createdAt` when the server took
 * it; borrower PII the report carries is in `piiEnc`, encrypted (DESIGN §2).
 */
@Entity('job_events')
export class JobEvent {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobId: string;

  @Column('uuid', { nullable: true })
  caseId: string | null;

  @Column('text')
  type: ProgressEventType;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('uuid')
  reporterOrgId: string;

  @Column('uuid', { nullable: true })
  reporterUserId: string | null;

  @Column('jsonb')
  payload: JsonObject;

  @Column('text', { nullable: true })
  piiEnc: string | null;

  /** Reported while the job was on hold: a possible wrongful repossession (DESIGN §6). */
  @Column('boolean')
  afterHold: boolean;
}
