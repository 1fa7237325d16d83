import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LetterLanguage } from './domain/authorisation';

/** A letter of authorisation issued for a job; only the hash of its verification code is stored. */
@Entity('job_authorisations')
export class JobAuthorisation {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobId: string;

  @Column('text')
  codeHash: string;

  @Column('text')
  language: LetterLanguage;

  @Column('uuid')
  issuedByOrgId: string;

  @Column('uuid', { nullable: true })
  issuedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  issuedAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  validUntil: Date;
}
