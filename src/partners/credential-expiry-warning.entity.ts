import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A `credential.expiring` event already sent; the primary key makes each (credential, threshold) once. */
@Entity('credential_expiry_warnings')
export class CredentialExpiryWarning {
  @PrimaryColumn('uuid')
  credentialId: string;

  @PrimaryColumn('int')
  thresholdDays: number;

  @Column('date')
  expiresOn: string;

  @Column({ type: 'timestamptz', precision: 3 })
  sentAt: Date;
}
