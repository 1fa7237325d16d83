import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CaseContactKind = 'phone' | 'address' | 'employer';

/**
 * A way to reach the borrower found after placement (DESIGN §6 `skip_trace_result`): encrypted
 * like the placed PII (DESIGN §2), with its source, confidence, finder and date.
 */
@Entity('case_contacts')
export class CaseContact {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @Column('text')
  kind: CaseContactKind;

  /** JSON of the value (a phone string, an address or an employer object), encrypted. */
  @Column('text')
  valueEnc: string;

  @Column('text')
  piiKeyId: string;

  @Column('text')
  source: string;

  @Column('int', { nullable: true })
  confidence: number | null;

  @Column('uuid')
  foundByOrgId: string;

  @Column('uuid', { nullable: true })
  jobEventId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
