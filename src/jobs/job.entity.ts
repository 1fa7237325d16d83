import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../common/json';
import type { FrozenTerms } from '../marketplace/domain/frozen-terms';
import { frozenTermsTransformer } from './frozen-terms.transformer';
import type { JobStatus } from './domain/job-status';
import type { WorkKind } from './domain/work-kind';
import type { JobOutcome } from './domain/job-lifecycle';

export type JobRole = 'champion' | 'challenger';

/**
 * One (lot, partner) piece of awarded work (DESIGN §5, §6). The fee schedule, the bid's terms and
 * the schedule those terms produce are frozen in at award (`frozenTerms`), so later edits of the
 * schedule or the bid never change what this job pays.
 */
@Entity('jobs')
export class Job {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  listingId: string;

  @Column('uuid')
  awardId: string;

  @Column('text')
  lotKey: string;

  /** What notifications call the work: the listing's title, with the lot when there are several. */
  @Column('text')
  title: string;

  @Column('text')
  role: JobRole;

  @Column('text')
  kind: WorkKind;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('uuid', { nullable: true })
  bidId: string | null;

  @Column('text')
  status: JobStatus;

  @Column('uuid', { array: true })
  caseIds: string[];

  @Column('uuid', { nullable: true })
  vehicleId: string | null;

  @Column('uuid')
  feeScheduleId: string;

  /** Schedule version, bid terms and the effective schedule, fixed at award; read back checked. */
  @Column('jsonb', { transformer: frozenTermsTransformer })
  frozenTerms: FrozenTerms;

  @Column('jsonb', { nullable: true })
  score: JsonObject | null;

  @Column('int')
  offerRound: number;

  @Column({ type: 'timestamptz', precision: 3 })
  acceptDeadline: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  offeredAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column('text', { nullable: true })
  endReason: string | null;

  /** When work began: `POST /v1/jobs/{id}/start` or the first progress event. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastProgressAt: Date | null;

  /** What a completed job achieved (`JOB_OUTCOMES`). */
  @Column('text', { nullable: true })
  outcome: JobOutcome | null;

  /** Why the job is on hold (the case flag or event that stopped it), while it is. */
  @Column('text', { nullable: true })
  holdReason: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  heldAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  holdAcknowledgedAt: Date | null;

  /** How many times the unacknowledged hold was escalated (DESIGN §6: after 15 minutes, then an hour). */
  @Column('int')
  holdEscalations: number;

  /** Where a held job goes back to when the lender resumes it. */
  @Column('text', { nullable: true })
  resumeStatus: Extract<JobStatus, 'accepted' | 'in_progress'> | null;

  /** SLA clocks (DESIGN §6): when each is due while it runs, null once met, breached or stopped. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  firstActionDueAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  silenceDueAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completionDueAt: Date | null;

  /** The listing's choice, kept as offered: a breach recalls the job and re-offers the work. */
  @Column('boolean')
  autoRecallOnBreach: boolean;

  /** Days after a promise's date before an unpaid promise to pay is broken (the listing's, as offered). */
  @Column('int')
  promiseGraceDays: number;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
