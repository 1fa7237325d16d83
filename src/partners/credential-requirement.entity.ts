import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { CredentialType } from './domain/credential';
import type { Capability } from './domain/eligibility';

/** One row of the platform-edited requirements table (DESIGN §3); `region` is a code, a country or `*`. */
@Entity('credential_requirements')
export class CredentialRequirementRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  capability: Capability;

  @Column()
  region: string;

  @Column('text')
  credentialType: CredentialType;

  @Column({ type: 'bigint', transformer: bigintTransformer, nullable: true })
  minCoverageAmount: number | null;

  @Column('char', { length: 3, nullable: true })
  minCoverageCurrency: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column('uuid', { nullable: true })
  updatedByUserId: string | null;
}
