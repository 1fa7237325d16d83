import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { JsonObject } from '../json';

/** Append-only (a database trigger refuses UPDATE and DELETE): who did what, when, from where. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('uuid', { nullable: true })
  actorOrgId: string | null;

  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('uuid', { nullable: true })
  actorApiKeyId: string | null;

  /** Orgs the entry concerns besides the actor (the lender of a case an agency acted on): they read it too. */
  @Column('uuid', { array: true })
  partyOrgIds: string[];

  /** e.g. `case.pii_revealed`, `POST /v1/api-keys`. */
  @Column()
  action: string;

  @Column('text', { nullable: true })
  entityType: string | null;

  @Column('text', { nullable: true })
  entityId: string | null;

  /** Before/after of the fields that changed; never the PII values themselves. */
  @Column('jsonb', { nullable: true })
  changes: JsonObject | null;

  @Column('int', { nullable: true })
  outcomeStatus: number | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;
}
