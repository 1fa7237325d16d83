import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { PartnerStatus } from './domain/partner-status';

/** Every status change of a partner, with its reason and actor (DESIGN §3). Actor null = the system. */
@Entity('partner_vetting_history')
export class VettingHistoryEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Commit order, so the history reads in the order things happened even within one millisecond. */
  @Column({ type: 'bigint', insert: false, update: false, transformer: bigintTransformer })
  seq: number;

  @Column('uuid')
  orgId: string;

  @Column('text', { nullable: true })
  fromStatus: PartnerStatus | null;

  @Column('text')
  toStatus: PartnerStatus;

  @Column()
  reason: string;

  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('uuid', { nullable: true })
  actorOrgId: string | null;

  @Column('uuid', { nullable: true })
  actorApiKeyId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
