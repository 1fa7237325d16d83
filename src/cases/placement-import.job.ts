import { JobHandler, JobProcessor } from '../common/queue/job';
import { PLACEMENT_IMPORT_JOB, PLACEMENT_REQUEUE_JOB, PlacementImportPayload } from './placement-jobs';
import { PlacementImportService } from './placement-import.service';

@JobHandler(PLACEMENT_IMPORT_JOB)
export class PlacementImportJob implements JobProcessor<PlacementImportPayload> {
  constructor(private readonly imports: PlacementImportService) {}

  async handle(data: PlacementImportPayload): Promise<unknown> {
    return this.imports.processCsv(data.importId);
  }
}

@JobHandler(PLACEMENT_REQUEUE_JOB)
export class PlacementRequeueJob implements JobProcessor<Record<string, never>> {
  constructor(private readonly imports: PlacementImportService) {}

  async handle(): Promise<{ requeued: number }> {
    return { requeued: await this.imports.requeueStale() };
  }
}
