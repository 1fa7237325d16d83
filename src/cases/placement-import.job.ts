import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { PLACEMENT_IMPORT, PlacementImportPayload } from './placement-jobs';
import { PlacementImportService } from './placement-import.service';

@DeadlineHandler(PLACEMENT_IMPORT)
export class PlacementImportJob implements DeadlineProcessor<PlacementImportPayload> {
  constructor(private readonly imports: PlacementImportService) {}

  async findOverdue(dueBy: Date, limit: number): Promise<PlacementImportPayload[]> {
    return (await this.imports.queuedBefore(dueBy, limit)).map((importId) => ({ importId }));
  }

  async handle(data: PlacementImportPayload): Promise<unknown> {
    return this.imports.processCsv(data.importId);
  }
}
