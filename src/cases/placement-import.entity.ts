import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ImportFormat = 'json' | 'csv';
export type ImportStatus = 'queued' | 'processing' | 'completed' | 'failed';

/** One bulk placement (DESIGN §4): its progress, its counts, and (in `placement_import_errors`) its rejected rows. */
@Entity('placement_imports')
export class PlacementImport {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('text')
  format: ImportFormat;

  @Column('text')
  status: ImportStatus;

  @Column('text', { nullable: true })
  fileName: string | null;

  @Column('bigint', { nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  fileBytes: number | null;

  /** The day rows are validated against ("not in the future"), fixed when the upload is accepted. */
  @Column('date')
  asOf: string;

  /** Rows in the file: estimated from its line count at upload, exact once processed. */
  @Column('int', { nullable: true })
  totalRows: number | null;

  @Column('int')
  processedRows: number;

  @Column('int')
  createdCount: number;

  @Column('int')
  updatedCount: number;

  @Column('int')
  unchangedCount: number;

  @Column('int')
  rejectedCount: number;

  @Column('int')
  vehiclesCreated: number;

  @Column('int')
  vehiclesUpdated: number;

  @Column('text', { nullable: true })
  failure: string | null;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column('uuid', { nullable: true })
  createdByApiKeyId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}
