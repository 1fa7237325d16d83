import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SlaClock } from './domain/job-sla';

/** One SLA clock a job missed (DESIGN §6): recorded once per clock and due time. */
@Entity('job_sla_breaches')
export class JobSlaBreach {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobId: string;

  @Column('text')
  sla: SlaClock;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  breachedAt: Date;

  @Column('uuid')
  partnerOrgId: string;

  @Column('uuid')
  lenderOrgId: string;

  /** The listing asked for it, and the job was recalled and its work offered on. */
  @Column('boolean')
  autoRecalled: boolean;
}
