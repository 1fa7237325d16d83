import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import { VehicleStatus } from './domain/vehicle-status';

export const TITLE_STATUSES = ['clean', 'lien_recorded', 'salvage', 'rebuilt', 'junk', 'missing'] as const;
export type TitleStatus = (typeof TITLE_STATUSES)[number];

/** A vehicle, usually the collateral of one case (DESIGN §4); VIN unique per lender. */
@Entity('vehicles')
export class Vehicle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('uuid', { nullable: true })
  caseId: string | null;

  @Column()
  vin: string;

  @Column('text', { nullable: true })
  plate: string | null;

  @Column('text', { nullable: true })
  plateRegion: string | null;

  @Column('text', { nullable: true })
  make: string | null;

  @Column('text', { nullable: true })
  model: string | null;

  @Column('int', { nullable: true })
  year: number | null;

  @Column('int', { nullable: true })
  mileage: number | null;

  @Column('text', { nullable: true })
  colour: string | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  valuationAmount: number | null;

  @Column('text', { nullable: true })
  valuationCurrency: string | null;

  @Column('text', { nullable: true })
  valuationSource: string | null;

  @Column('date', { nullable: true })
  valuationDate: string | null;

  @Column('double precision', { nullable: true })
  lastLatitude: number | null;

  @Column('double precision', { nullable: true })
  lastLongitude: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastPositionAt: Date | null;

  @Column('boolean', { nullable: true })
  keysAvailable: boolean | null;

  @Column('text', { nullable: true })
  lienRef: string | null;

  @Column('text', { nullable: true })
  titleStatus: TitleStatus | null;

  @Column('text')
  status: VehicleStatus;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
