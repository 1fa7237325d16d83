import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonObject } from '../json';
import { bigintTransformer } from '../money/bigint.transformer';

/** A domain event written in the same transaction as the state change it describes (DESIGN §2). */
@Entity('outbox_events')
export class OutboxEvent {
  @PrimaryColumn('uuid')
  id: string;

  /** Commit-order sequence: the relay publishes in this order. */
  @Column({ type: 'bigint', insert: false, update: false, transformer: bigintTransformer })
  seq: number;

  @Column()
  type: string;

  @Column()
  aggregateType: string;

  @Column()
  aggregateId: string;

  /** Orgs that are party to the event (owner first): routing for notifications. */
  @Column('uuid', { array: true })
  orgIds: string[];

  @Column('jsonb')
  payload: JsonObject;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  claimedUntil: Date | null;

  @Column('int')
  publishAttempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;
}
