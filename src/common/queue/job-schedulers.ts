import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisConnections } from '../redis/redis';
import { declaredJobs, JobDefinition } from './job';
import { QueueService } from './queue.service';

const label = (d: JobDefinition<unknown>): string => `${d.queue}/${d.name}`;

const repeating = (): JobDefinition<unknown>[] => declaredJobs().filter((d) => d.repeat);

/** Schedulers of a queue that no definition declares any more (a sweep renamed or removed). */
export function undeclaredSchedulers(declared: readonly JobDefinition<unknown>[], queue: string, present: readonly string[]): string[] {
  const names = new Set(declared.filter((d) => d.queue === queue && d.repeat).map((d) => d.name));
  return present.filter((id) => !names.has(id));
}

/**
 * The repeating jobs (deadline sweeps, daily checks) live in Redis as BullMQ job schedulers.
 * Redis can lose them (a restart without persistence, a flush, eviction) and then every sweep
 * stops without a sound (issue 11 item 6). So a worker asserts them at boot, checks on a timer
 * and whenever its connection comes back that each one exists, re-creates the missing ones, and
 * readiness reports them missing until they are back.
 */
@Injectable()
export class JobSchedulers implements BeforeApplicationShutdown {
  private readonly logger = new Logger('JobSchedulers');
  private interval?: NodeJS.Timeout;
  private keeping?: Promise<string[]>;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueService,
    private readonly redis: RedisConnections,
  ) {}

  /** At worker boot: every declared scheduler set, the undeclared ones removed, the watch started. */
  async start(): Promise<void> {
    await Promise.all(repeating().map((d) => this.upsert(d).catch((err: Error) => this.logger.warn({ job: d.name, err: err.message }, 'could not schedule repeating job; retried by the scheduler check'))));
    await this.removeUndeclared().catch((err: Error) => this.logger.warn({ err: err.message }, 'could not remove undeclared job schedulers'));
    this.interval = setInterval(() => void this.keep(), this.config.jobSchedulers.checkIntervalMs);
    this.interval.unref();
    // A new connection after a lost one may mean a Redis restarted empty: check at once.
    const watch = this.redis.blocking(`${this.config.redisPrefix}:job-schedulers`);
    let connected = false;
    watch.on('ready', () => {
      if (connected) void this.keep();
      connected = true;
    });
  }

  /** `queue/name` of every declared scheduler that Redis does not hold. */
  async missing(): Promise<string[]> {
    return (await this.missingDefinitions()).map(label);
  }

  /** Re-creates the missing schedulers (one check at a time); answers what it re-created. */
  keep(): Promise<string[]> {
    if (this.stopped) return Promise.resolve([]);
    this.keeping ??= this.reassert().finally(() => (this.keeping = undefined));
    return this.keeping;
  }

  private async reassert(): Promise<string[]> {
    try {
      const missing = await this.missingDefinitions();
      await Promise.all(missing.map((d) => this.upsert(d)));
      if (missing.length > 0) this.logger.warn({ schedulers: missing.map(label) }, 'job schedulers were missing from Redis (data lost?); re-created');
      return missing.map(label);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not check the job schedulers; next check soon');
      return [];
    }
  }

  /** One scheduler at a time: in parallel, every check waits on the queue's one connection becoming ready (MaxListenersExceededWarning past ten). */
  private async missingDefinitions(): Promise<JobDefinition<unknown>[]> {
    const missing: JobDefinition<unknown>[] = [];
    for (const d of repeating()) {
      const queue = await this.queues.ready(d.queue);
      if (!(await queue.getJobScheduler(d.name))) missing.push(d);
    }
    return missing;
  }

  private async upsert(d: JobDefinition<unknown>): Promise<void> {
    const queue = await this.queues.ready(d.queue);
    await queue.upsertJobScheduler(d.name, { every: d.repeat?.everyMs, pattern: d.repeat?.pattern }, { name: d.name, data: {}, opts: d.options });
  }

  private async removeUndeclared(): Promise<void> {
    const declared = declaredJobs();
    for (const name of new Set(declared.map((d) => d.queue))) {
      const queue = await this.queues.ready(name);
      const present = (await queue.getJobSchedulers()).map((s) => s.key);
      for (const id of undeclaredSchedulers(declared, name, present)) {
        await queue.removeJobScheduler(id);
        this.logger.log({ queue: name, scheduler: id }, 'removed a job scheduler no job declares');
      }
    }
  }

  /** Before the queues close: no check may open a queue again after they have. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    await this.keeping;
  }
}
