import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { CredentialKind, CredentialStatus, CredentialType } from './domain/credential';

/**
 * A licence or insurance policy with its uploaded document (DESIGN §3). Immutable once uploaded:
 * a renewal is a new credential, so expiry warnings and audit history keep pointing at what was
 * actually on file.
 */
@Entity('partner_credentials')
export class PartnerCredential {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('text')
  kind: CredentialKind;

  @Column('text')
  type: CredentialType;

  @Column()
  number: string;

  @Column()
  issuingRegion: string;

  @Column({ type: 'bigint', transformer: bigintTransformer, nullable: true })
  coverageAmount: number | null;

  @Column('char', { length: 3, nullable: true })
  coverageCurrency: string | null;

  @Column('date')
  effectiveOn: string;

  /** Inclusive: valid through this whole day. */
  @Column('date')
  expiresOn: string;

  @Column('text')
  status: CredentialStatus;

  /** Storage key of the document (see DocumentStorage); never shown outside the owner and the platform. */
  @Column()
  documentKey: string;

  @Column()
  documentFilename: string;

  @Column()
  documentContentType: string;

  @Column('int')
  documentSize: number;

  @Column('char', { length: 64 })
  documentSha256: string;

  @Column('uuid', { nullable: true })
  uploadedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
