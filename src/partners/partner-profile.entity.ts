import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BuyerType } from './domain/buyer-verification';
import type { Capability } from './domain/eligibility';
import type { PartnerStatus } from './domain/partner-status';
import type { ServiceArea } from './domain/region';

export type PartnerOrgKind = 'agency' | 'tow_operator' | 'buyer';

export interface PartnerContact {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

/**
 * One per partner org (agency, tow operator, buyer): what it offers, where, and its vetting status
 * (DESIGN §3). Buyers use the same profile and lifecycle with a `buyer_type` instead of capabilities.
 */
@Entity('partner_profiles')
export class PartnerProfile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('text')
  orgKind: PartnerOrgKind;

  @Column('text')
  status: PartnerStatus;

  @Column()
  legalName: string;

  @Column('text', { nullable: true })
  registrationNumber: string | null;

  @Column('jsonb')
  contacts: PartnerContact[];

  @Column('text', { array: true })
  capabilities: Capability[];

  @Column('jsonb')
  serviceAreas: ServiceArea[];

  @Column('int', { nullable: true })
  maxConcurrentJobs: number | null;

  @Column('text', { nullable: true })
  buyerType: BuyerType | null;

  @Column('uuid', { nullable: true })
  identityVerifiedBy: string | null;

  @Column('date', { nullable: true })
  identityVerifiedOn: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  statusChangedAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
