import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DutyKind, Holiday } from './domain/repossession-duties';

/** A country or subdivision whose repossession duties the platform keeps (DESIGN §6). */
@Entity('repossession_jurisdictions')
export class RepossessionJurisdictionRow {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  timeZone: string;

  @Column('jsonb')
  holidays: Holiday[];

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column('uuid', { nullable: true })
  updatedByUserId: string | null;
}

/** One duty of one jurisdiction: its deadline after a recovery and how weekends and holidays extend it. */
@Entity('repossession_duties')
export class RepossessionDutyRow {
  @PrimaryColumn('text')
  jurisdictionCode: string;

  @PrimaryColumn('text')
  duty: DutyKind;

  @Column('int', { nullable: true })
  withinHours: number | null;

  @Column('int')
  weekendExtensionHours: number;

  @Column('int')
  holidayExtensionHours: number;

  @Column('text')
  citation: string;

  @Column('text')
  description: string;
}
