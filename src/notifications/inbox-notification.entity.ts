import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { JsonObject } from '../common/json';

/** One event in one person's in-app inbox; unique per (event, user). */
@Entity('inbox_notifications')
export class InboxNotification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('uuid')
  orgId: string;

  @Column('uuid')
  eventId: string;

  @Column()
  eventType: string;

  @Column()
  title: string;

  @Column()
  body: string;

  @Column('jsonb')
  data: JsonObject;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
