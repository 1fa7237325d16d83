import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PostingReason } from './domain/account-purpose';

/** A balanced set of entries, written once (a database trigger refuses UPDATE and DELETE). */
@Entity('ledger_transactions')
export class LedgerTransaction {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  idempotencyKey: string;

  /** Hash of reason, reason id and entries: the same key with other content is refused. */
  @Column('text')
  fingerprint: string;

  @Column('text')
  reason: PostingReason;

  @Column('text')
  reasonId: string;

  @Column('text', { nullable: true })
  memo: string | null;

  /** The transaction this one corrects; each is reversed at most once (unique). */
  @Column('uuid', { nullable: true })
  reversesId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
