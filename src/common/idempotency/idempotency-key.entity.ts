import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A claimed Idempotency-Key and, once the first request finished, the answer it gave. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  /** `org:<orgId>` for authenticated callers, `anonymous` otherwise. */
  @PrimaryColumn()
  scope: string;

  @PrimaryColumn()
  key: string;

  @Column()
  requestHash: string;

  @Column()
  state: 'in_flight' | 'completed';

  @Column('int', { nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: unknown;

  @Column('text', { nullable: true })
  responseContentType: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;
}
