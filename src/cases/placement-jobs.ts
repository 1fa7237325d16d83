import { defineDeadline } from '../common/queue/deadline';

export interface PlacementImportPayload {
  readonly importId: string;
}

/**
 * Places one uploaded file; the payload is the import id only (the file is on disk). Queued at
 * upload as `placement-import-<importId>`; an import still queued a minute later (Redis was down
 * at upload) is queued again by the sweep, and the same id keeps one already queued from doubling.
 */
export const PLACEMENT_IMPORT = defineDeadline<PlacementImportPayload>({
  queue: 'placement',
  name: 'placement.import',
  idOf: (p) => `placement-import-${p.importId}`,
  sweepMode: 'requeue',
  graceMs: 60_000,
  batch: 100,
  options: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
});
