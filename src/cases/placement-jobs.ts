import { defineJob } from '../common/queue/job';

export interface PlacementImportPayload {
  readonly importId: string;
}

/** Processes one uploaded placement file; the payload is the import id only (the file is on disk). */
export const PLACEMENT_IMPORT_JOB = defineJob<PlacementImportPayload>('placement', 'placement.import', {
  options: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
});

/** Re-enqueues imports accepted while Redis was down (their rows are on disk, their job never started). */
export const PLACEMENT_REQUEUE_JOB = defineJob<Record<string, never>>('placement', 'placement.requeue', { repeat: { everyMs: 60_000 } });

/** Deterministic, so a requeue of an import already queued is ignored by BullMQ. */
export const placementImportJobId = (importId: string): string => `placement-import-${importId}`;
