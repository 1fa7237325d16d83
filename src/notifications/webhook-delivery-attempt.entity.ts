import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every POST made for a delivery, whatever came of it. */
@Entity('webhook_delivery_attempts')
export class WebhookDeliveryAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  deliveryId: string;

  /** 1 for the first POST; unique per delivery, so two workers cannot both record attempt n. */
  @Column('int')
  attemptNumber: number;

  @Column({ type: 'timestamptz', precision: 3 })
  attemptedAt: Date;

  @Column('int', { nullable: true })
  statusCode: number | null;

  @Column('int')
  latencyMs: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt: Date | null;
}
