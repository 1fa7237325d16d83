import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { StorageTerms } from '../settlement/domain/holding-charges';

export type ReleaseStatus = 'ordered' | 'picked_up';

/**
 * The release order of a paid lot (DESIGN §7 "Release"): it sits in the work list of the org
 * holding the vehicle (the tow operator whose job stored it, else the lender), which confirms the
 * buyer's pick-up with the buyer's release code. One per lot.
 */
@Entity('auction_releases')
export class AuctionRelease {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lotId: string;

  @Column('uuid')
  invoiceId: string;

  @Column('uuid')
  vehicleId: string;

  @Column('uuid')
  buyerOrgId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  holderOrgId: string;

  @Column('uuid', { nullable: true })
  jobId: string | null;

  @Column('text', { nullable: true })
  yardId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  storedAt: Date | null;

  /** The storage terms frozen into the holder's job, read when the order was made. */
  @Column('jsonb', { nullable: true })
  storageTerms: StorageTerms | null;

  /** Shown to the buyer only; the holder types what the buyer shows it at the gate. */
  @Column('text')
  releaseCode: string;

  @Column('int')
  failedAttempts: number;

  @Column('text')
  status: ReleaseStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  pickedUpAt: Date | null;

  @Column('uuid', { nullable: true })
  pickedUpByUserId: string | null;

  /** The storage itemised at pick-up (days stored, the charge after the free days, its basis). */
  @Column('int', { nullable: true })
  storageDays: number | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  storageCharge: number | null;

  @Column('text', { nullable: true })
  storageBasis: string | null;

  @Column('text')
  currency: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
