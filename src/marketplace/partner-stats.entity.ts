import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WorkKind } from '../jobs/domain/work-kind';

/**
 * The scoring's read model of a partner's record per kind of work (DESIGN §5, §10). A partner
 * without a row has no history: its counts are zero and the smoothed prior applies.
 */
@Entity('partner_stats')
export class PartnerStatsRow {
  @PrimaryColumn('uuid')
  partnerOrgId: string;

  @PrimaryColumn('text')
  workKind: WorkKind;

  @Column('int')
  recovered: number;

  @Column('int')
  assigned: number;

  @Column('int')
  complaintsUpheld: number;

  @Column('int')
  jobsTotal: number;

  @Column('int')
  onTime: number;

  @Column('int')
  slaTotal: number;

  /** SLA clocks the partner let run out (DESIGN §6: a mark on the scorecard). */
  @Column('int')
  slaBreaches: number;

  /** Promises to pay its collectors took that were kept, and broken (DESIGN §6). */
  @Column('int')
  promisesKept: number;

  @Column('int')
  promisesBroken: number;

  /** Contact attempts the compliance rules refused (DESIGN §10). */
  @Column('int')
  complianceRefusals: number;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
