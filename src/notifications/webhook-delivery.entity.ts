import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'dead_lettered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event for one endpoint: unique per (event, endpoint), so a fan-out repeated after a restart adds nothing. */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The endpoint's org (tenancy). */
  @Column('uuid')
  orgId: string;

  @Column('uuid')
  endpointId: string;

  @Column('uuid')
  eventId: string;

  @Column()
  eventType: string;

  /** The JSON body, rendered once, so every attempt sends the same bytes. */
  @Column('text')
  body: string;

  @Column('text')
  status: DeliveryStatus;

  @Column('int')
  attemptCount: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** Set by a replay: the next attempt is a single one, dead-lettered again if it fails. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  replayRequestedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastAttemptAt: Date | null;

  @Column('int', { nullable: true })
  lastStatusCode: number | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  succeededAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deadLetteredAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
