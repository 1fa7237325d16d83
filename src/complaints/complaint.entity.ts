import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { WorkKind } from '../jobs/domain/work-kind';
import type { ComplaintCategory, ComplaintStatus } from './domain/complaint-status';

/** A complaint against a partner, about one of its jobs or its conduct in general (DESIGN §6). */
@Entity('complaints')
export class Complaint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('uuid', { nullable: true })
  jobId: string | null;

  @Column('text', { nullable: true })
  workKind: WorkKind | null;

  /** The lender party: the job's lender, or the lender who filed. */
  @Column('uuid', { nullable: true })
  lenderOrgId: string | null;

  @Column('uuid')
  filedByOrgId: string;

  @Column('uuid', { nullable: true })
  filedByUserId: string | null;

  @Column('uuid', { nullable: true })
  filedByApiKeyId: string | null;

  @Column('boolean')
  onBehalfOfBorrower: boolean;

  @Column('text')
  category: ComplaintCategory;

  @Column('text')
  description: string;

  @Column('text')
  status: ComplaintStatus;

  @Column('text', { nullable: true })
  resolutionReason: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;
}

/** Every move of a complaint, with its reason and actor. */
@Entity('complaint_transitions')
export class ComplaintTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  complaintId: string;

  @Column('text', { nullable: true })
  fromStatus: ComplaintStatus | null;

  @Column('text')
  toStatus: ComplaintStatus;

  @Column('text')
  reason: string;

  @Column('uuid', { nullable: true })
  actorOrgId: string | null;

  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('uuid', { nullable: true })
  actorApiKeyId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;
}

/** The threshold that opens a suspension review (one row, edited as data). */
@Entity('complaint_review_policy')
export class ComplaintReviewPolicyRow {
  @PrimaryColumn('text')
  id: 'platform';

  @Column('int')
  upheldThreshold: number;

  @Column('int')
  windowDays: number;
}

/** A partner that reached the upheld-complaint threshold, for platform staff to decide on. */
@Entity('suspension_reviews')
export class SuspensionReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('text')
  status: 'open' | 'closed';

  @Column('int')
  upheldCount: number;

  @Column('int')
  windowDays: number;

  @Column('uuid', { array: true })
  complaintIds: string[];

  /** When the review opened (`opened_at`; named for the shared keyset pagination). */
  @Column({ name: 'opened_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column('uuid', { nullable: true })
  closedByUserId: string | null;

  @Column('text', { nullable: true })
  outcome: 'suspended' | 'cleared' | null;

  @Column('text', { nullable: true })
  closeReason: string | null;
}
