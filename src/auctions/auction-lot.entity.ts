import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { BuyerPremium } from './domain/buyer-premium';
import type { IncrementTable } from './domain/increment-table';
import type { LotStatus } from './domain/lot-status';

/** A fee the lender pays to sell the lot (minor units, the lot's currency): a disposition expense of the sale (UCC §9-615(a)(1)). */
export interface SellerFee {
  readonly label: string;
  readonly amount: number;
}

export interface PickupLocation {
  readonly name: string;
  readonly address: string;
  readonly region: string;
}

/** The vehicle's condition as the lot shows it: the tow operator's recovery report, copied at lot creation, and the lender's note. */
export interface ConditionReport {
  /** When the vehicle was recovered; null when no recovery report was on record. */
  readonly recoveredAt: string | null;
  readonly notes: string | null;
  readonly odometer: number | null;
  readonly keysRecovered: boolean | null;
  readonly lenderNote: string | null;
}

/** A photo of the vehicle from the recovery report, served through the lot (`jobId` finds its bytes, never shown). */
export interface LotPhoto {
  readonly id: string;
  readonly jobId: string;
  readonly contentType: string;
  readonly takenAt: string;
}

/** An auction lot (DESIGN §7). Its row is the lock bids, buy-now and the close are decided under. */
@Entity('auction_lots')
export class AuctionLot {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('uuid')
  vehicleId: string;

  @Column('text')
  vin: string;

  @Column('text', { nullable: true })
  make: string | null;

  @Column('text', { nullable: true })
  model: string | null;

  @Column('int', { nullable: true })
  year: number | null;

  @Column('int', { nullable: true })
  odometer: number | null;

  @Column('text', { nullable: true })
  titleStatus: string | null;

  @Column('text')
  region: string;

  @Column('jsonb')
  pickupLocation: PickupLocation;

  @Column('text')
  currency: string;

  @Column('bigint', { transformer: bigintTransformer })
  startPrice: number;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  reservePrice: number | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  buyNowPrice: number | null;

  @Column('jsonb')
  incrementTable: IncrementTable;

  @Column('bigint', { transformer: bigintTransformer })
  depositRequired: number;

  @Column('jsonb')
  buyerPremium: BuyerPremium;

  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  endsAt: Date;

  /** The end as scheduled, before any anti-sniping extension. */
  @Column({ type: 'timestamptz', precision: 3 })
  scheduledEndsAt: Date;

  @Column('int')
  antiSnipingWindowSeconds: number;

  @Column('int')
  antiSnipingExtensionSeconds: number;

  @Column('text')
  status: LotStatus;

  @Column('uuid', { nullable: true })
  leaderOrgId: string | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  leaderMax: number | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  currentPrice: number | null;

  @Column('int')
  bidCount: number;

  @Column('text', { nullable: true })
  soldBy: 'auction' | 'buy_now' | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  hammerPrice: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column('jsonb')
  sellerFees: SellerFee[];

  /** Null when the vehicle had no recovery report and the lender wrote no note. */
  @Column('jsonb', { nullable: true })
  conditionReport: ConditionReport | null;

  @Column('jsonb')
  photos: LotPhoto[];
}

/** One accepted bid, kept for ever, numbered in acceptance order per lot. */
@Entity('auction_bids')
export class AuctionBid {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lotId: string;

  @Column('int')
  seq: number;

  @Column('uuid')
  bidderOrgId: string;

  @Column('uuid', { nullable: true })
  bidderUserId: string | null;

  @Column('text')
  kind: 'proxy' | 'buy_now';

  @Column('bigint', { transformer: bigintTransformer })
  maxAmount: number;

  @Column('uuid')
  leaderOrgId: string;

  @Column('bigint', { transformer: bigintTransformer })
  priceAfter: number;

  @Column({ type: 'timestamptz', precision: 3 })
  endsAtAfter: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  placedAt: Date;
}

export type DepositStatus = 'authorised' | 'released' | 'held_for_invoice' | 'applied' | 'forfeited';

/**
 * A buyer's card authorisation (DESIGN §7): on a lot, released at close unless the buyer won; or
 * standing (`lotId` null), covering its bids on any lot in its currency until the buyer lets it go.
 */
@Entity('auction_deposits')
export class AuctionDeposit {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  lotId: string | null;

  @Column('uuid')
  buyerOrgId: string;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('text')
  currency: string;

  @Column('bigint', { transformer: bigintTransformer })
  coversUpTo: number;

  @Column('text')
  paymentIntentId: string;

  @Column('text')
  status: DepositStatus;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  releasedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  stripeReleasedAt: Date | null;

  /** What was captured of the hold towards the winner's invoice (`applied`). */
  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  capturedAmount: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  capturedAt: Date | null;

  /** When a defaulting winner's hold was captured as forfeit (issue 15). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  forfeitedAt: Date | null;

  /** A standing hold stops covering when Stripe lets the authorisation lapse (`standingHoldExpiresAt`). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;
}

/** The winner's invoice of a sold lot (DESIGN §7). */
@Entity('auction_invoices')
export class AuctionInvoice {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lotId: string;

  @Column('uuid')
  buyerOrgId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('text')
  currency: string;

  @Column('bigint', { transformer: bigintTransformer })
  hammerPrice: number;

  @Column('bigint', { transformer: bigintTransformer })
  buyerPremium: number;

  @Column('bigint', { transformer: bigintTransformer })
  total: number;

  @Column('bigint', { transformer: bigintTransformer })
  depositApplied: number;

  @Column('bigint', { transformer: bigintTransformer })
  balanceDue: number;

  @Column('date')
  dueOn: string;

  @Column('text')
  status: InvoiceStatus;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** The Stripe payment intent for the balance, once one succeeded or is processing (one per invoice). */
  @Column('text', { nullable: true })
  paymentIntentId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;

  @Column('text', { nullable: true })
  paidVia: InvoicePaidVia | null;

  @Column('text', { nullable: true })
  transferReference: string | null;

  @Column('uuid', { nullable: true })
  confirmedByUserId: string | null;

  @Column('uuid', { nullable: true })
  ledgerTransactionId: string | null;

  /** Unpaid at its due time (issue 15): the deposit is forfeited and the next bidder offered the lot. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  defaultedAt: Date | null;
}

export const INVOICE_STATUSES = ['open', 'paid', 'defaulted'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type InvoicePaidVia = 'stripe' | 'bank_transfer';
