import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { WorkerPool } from '../common/workers/worker-pool';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CsvRowVerdict, CsvRowsTask } from './placement-prepare';

/**
 * A task holds 500 rows, so a worker needs little heap; a small young generation makes it collect
 * often instead of growing the process (the import's RSS budget is 300 MB, issue 18).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 };

/**
 * The CPU work of a CSV placement (validation, AES-GCM encryption, blind indexes, fingerprint,
 * COPY text) on a pool of worker threads, one per core (issue 18): on one thread it was most of
 * an import's time, and PostgreSQL and the event loop wait for it. Threads start on the first
 * import, so a process that never places a file never starts them.
 */
@Injectable()
export class PlacementPreparer implements OnModuleDestroy {
  private readonly pool: WorkerPool<CsvRowsTask, CsvRowVerdict[]>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // The same module, built (.js) or from sources (.ts, tests).
    const entry = join(__dirname, `placement-prepare.worker${extname(__filename)}`);
    this.pool = new WorkerPool(entry, availableParallelism(), config.pii, WORKER_LIMITS);
  }

  /** The verdict on each row of the task, in the task's order. */
  judge(task: CsvRowsTask): Promise<CsvRowVerdict[]> {
    return this.pool.run(task);
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
