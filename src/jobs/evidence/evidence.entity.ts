import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EvidenceKind, PhotoType } from './domain/evidence';

/** A photo from the field, stored through `DocumentStorage`; `eventId` once a progress event names it. */
@Entity('job_evidence')
export class JobEvidence {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobId: string;

  @Column('text')
  kind: EvidenceKind;

  @Column('text')
  storageKey: string;

  @Column('text')
  filename: string;

  @Column('text')
  contentType: PhotoType;

  @Column('int')
  sizeBytes: number;

  @Column('text')
  sha256: string;

  @Column('uuid')
  uploadedByOrgId: string;

  @Column('uuid', { nullable: true })
  uploadedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  uploadedAt: Date;

  @Column('uuid', { nullable: true })
  eventId: string | null;
}

export const RELEASE_RECIPIENTS = ['borrower', 'borrower_representative'] as const;
export type ReleaseRecipient = (typeof RELEASE_RECIPIENTS)[number];

/** One item of a recovery's personal-property inventory, with its photos and how it went back. */
@Entity('personal_effects')
export class PersonalEffect {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobId: string;

  @Column('uuid')
  eventId: string;

  @Column('int')
  position: number;

  @Column('text')
  description: string;

  @Column('uuid', { array: true })
  photoIds: string[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  releasedAt: Date | null;

  @Column('text', { nullable: true })
  releasedTo: ReleaseRecipient | null;

  /** Who took the items: borrower PII, encrypted (DESIGN §2). */
  @Column('text', { nullable: true })
  recipientNameEnc: string | null;

  @Column('uuid', { nullable: true })
  releasedByUserId: string | null;
}
