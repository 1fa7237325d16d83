import { PlacementImport } from './placement-import.entity';

/** Rejected rows shown inline in an import's answer; all of them are in errors.csv. */
export const ERRORS_SHOWN = 100;

/** One refused row: its number in the upload, its reference when it had one, the field and why. */
export interface RowError {
  readonly row: number;
  readonly external_ref: string | null;
  readonly field: string;
  readonly message: string;
}

/** The answer for an import (`POST /v1/cases/bulk`, `GET /v1/imports/:id`). */
export function presentImport(imp: PlacementImport, errors: readonly RowError[]) {
  const done = imp.status === 'completed' || imp.status === 'failed';
  return {
    id: imp.id,
    format: imp.format,
    status: imp.status,
    file_name: imp.fileName,
    as_of: imp.asOf,
    progress: {
      processed_rows: imp.processedRows,
      total_rows: imp.totalRows,
      percent: imp.totalRows ? Math.min(100, Math.floor((imp.processedRows * 100) / imp.totalRows)) : done ? 100 : 0,
    },
    counts: {
      created: imp.createdCount,
      updated: imp.updatedCount,
      unchanged: imp.unchangedCount,
      rejected: imp.rejectedCount,
    },
    vehicles: { created: imp.vehiclesCreated, updated: imp.vehiclesUpdated },
    errors: errors.slice(0, imp.format === 'json' ? undefined : ERRORS_SHOWN),
    errors_url: `/v1/imports/${imp.id}/errors.csv`,
    failure: imp.failure,
    created_at: imp.createdAt.toISOString(),
    started_at: imp.startedAt?.toISOString() ?? null,
    finished_at: imp.finishedAt?.toISOString() ?? null,
  };
}
