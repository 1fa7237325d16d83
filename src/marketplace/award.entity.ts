import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../common/json';

export type AwardMode = 'manual' | 'auto' | 'deadline' | 'direct' | 'auto_assign';

/**
 * The one award of a listing (unique per listing), kept for auditors: every bid's score with its
 * breakdown, the ranking per lot that re-offers walk down, and which bid got which lot.
 */
@Entity('awards')
export class Award {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  listingId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('text')
  mode: AwardMode;

  @Column('uuid', { nullable: true })
  decidedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  decidedAt: Date;

  @Column('jsonb')
  ranking: JsonObject;

  @Column('jsonb')
  allocation: JsonObject;

  @Column('text', { array: true })
  unallocatedLotKeys: string[];
}
