import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Where an org wants its events POSTed (DESIGN §9). Secrets are encrypted at rest (PiiCipher). */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column()
  url: string;

  /** Event types delivered here, or `['*']` for every event the org is party to. */
  @Column('text', { array: true })
  eventTypes: string[];

  @Column()
  enabled: boolean;

  @Column()
  secretCiphertext: string;

  /** The secret before the last rotation: still signed with until `previousSecretExpiresAt`. */
  @Column('text', { nullable: true })
  previousSecretCiphertext: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Start of the current run of failed attempts; cleared by any success. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  failingSince: Date | null;

  @Column('text', { nullable: true })
  disabledReason: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
