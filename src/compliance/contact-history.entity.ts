import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel } from './domain/contact-rules';
import type { ContactDirection } from './domain/contact-evaluator';

/**
 * Every accepted contact attempt with a borrower, across the lender and all its agencies (issue 13
 * §3): what the counting rules read, one indexed query per check. Kept at least 3 years after the
 * borrower's last contact (Reg F 12 CFR §1006.100): a trigger refuses updates and early deletes.
 */
@Entity('contact_history')
export class ContactHistoryRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  lenderOrgId: string;

  /** The borrower across the lender's cases (`CaseContactContext.borrowerKey`: a blind index, never the value). */
  @Column('text')
  borrowerKey: string;

  @Column('uuid', { array: true })
  caseIds: string[];

  @Column('uuid', { nullable: true })
  jobId: string | null;

  @Column('uuid', { nullable: true })
  jobEventId: string | null;

  @Column('uuid', { nullable: true })
  partnerOrgId: string | null;

  @Column('text')
  channel: Channel;

  @Column('text')
  direction: ContactDirection;

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('boolean')
  connected: boolean;

  @Column('boolean')
  conversation: boolean;

  /** Blind index of the phone, e-mail or address used. */
  @Column('text', { nullable: true })
  contactKey: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  recordedAt: Date;
}
