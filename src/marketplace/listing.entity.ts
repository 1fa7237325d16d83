import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { Capability } from '../partners/domain/eligibility';
import type { ListingBounds } from './domain/bid-bounds';
import type { ScoringWeights } from './domain/bid-scoring';
import type { WorkKind } from '../jobs/domain/work-kind';
import type { BiddingMode } from './domain/listing-draft';
import type { ListingStatus } from './domain/listing-state';
import type { SplitRule } from './domain/portfolio-lots';


/** Work a lender offers on the marketplace (DESIGN §5). */
@Entity('listings')
export class Listing {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('text')
  kind: WorkKind;

  @Column('text')
  status: ListingStatus;

  @Column('text')
  biddingMode: BiddingMode;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text')
  capability: Capability;

  /** Where the work is, taken from the cases (or given for transport without a case). */
  @Column('text', { array: true })
  regions: string[];

  @Column('numeric', { precision: 5, scale: 4, nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  minScore: number | null;

  @Column('uuid', { array: true })
  blockedPartnerIds: string[];

  @Column('uuid', { nullable: true })
  directPartnerId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  deadline: Date;

  @Column('jsonb')
  bounds: ListingBounds;

  @Column('uuid')
  feeScheduleId: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('jsonb')
  weights: ScoringWeights;

  @Column('jsonb', { nullable: true })
  splitRule: SplitRule | null;

  @Column('int', { nullable: true })
  challengerShareBps: number | null;

  @Column('boolean')
  reoffer: boolean;

  @Column('int')
  acceptHours: number;

  /** DESIGN §6: a job of this listing that breaches an SLA is recalled and its work offered on. */
  @Column('boolean')
  autoRecallOnBreach: boolean;

  /** Days after a promise's date before an unpaid promise to pay is broken (DESIGN §6). */
  @Column('int')
  promiseGraceDays: number;

  @Column('uuid', { nullable: true })
  vehicleId: string | null;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  awardedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** A case on a listing, with what bidders may know of it as of publication (no PII). */
@Entity('listing_cases')
export class ListingCase {
  @PrimaryColumn('uuid')
  listingId: string;

  @PrimaryColumn('uuid')
  caseId: string;

  @Column('text')
  lotKey: string;

  @Column('text')
  region: string;

  @Column('text')
  bucket: string;

  @Column('int')
  daysPastDue: number;

  @Column('bigint', { transformer: bigintTransformer })
  balanceAmount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  product: string;

  @Column('boolean')
  hasVehicle: boolean;
}

/** One part of a listing awarded on its own (DESIGN §5 portfolio lots); an unsplit listing has one lot, `all`. */
@Entity('lots')
export class Lot {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  listingId: string;

  @Column('text')
  key: string;

  @Column('uuid', { array: true })
  caseIds: string[];

  @Column('text', { array: true })
  regions: string[];

  @Column('bigint', { transformer: bigintTransformer })
  totalBalanceAmount: number;

  @Column('char', { length: 3 })
  currency: string;
}
