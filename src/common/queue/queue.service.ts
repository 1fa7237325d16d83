import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConnectionOptions, Job, JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisConnections } from '../redis/redis';
import { JobDefinition } from './job';

const READY_TIMEOUT_MS = 2000;

/** Completed jobs are kept a day so a duplicate add with the same job id is ignored (outbox dedup). */
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Producer side of every BullMQ queue; connections fail fast so callers notice Redis being down. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private probe?: Redis;
  private probeReady?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisConnections,
  ) {}

  /**
   * The queue, once Redis answers (checked on a fail-fast probe connection): callers fail within
   * a couple of seconds instead of waiting for Redis, and retry later (the outbox keeps events).
   */
  async ready(name: string): Promise<Queue> {
    this.probe ??= this.redis.failFast();
    // Callers at boot ask at once (every scheduler, every deadline): one wait, one 'ready' listener.
    this.probeReady ??= RedisConnections.whenReady(this.probe, READY_TIMEOUT_MS).finally(() => (this.probeReady = undefined));
    await this.probeReady;
    return this.queue(name);
  }

  /**
   * Each queue gets its own connection from options (not a shared client): BullMQ then waits for
   * it to be ready before its first command, so a queue created while Redis is down (e.g. for the
   * dashboard at boot) works once Redis is back. No offline queue: commands fail fast.
   */
  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: { url: this.config.redisUrl, protocol: 2, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 } as ConnectionOptions,
        prefix: this.config.redisPrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<T>(definition: JobDefinition<T>, data: T, options: JobsOptions = {}): Promise<Job<T>> {
    return (await this.ready(definition.queue)).add(definition.name, data, { ...definition.options, ...options }) as Promise<Job<T>>;
  }

  async addBulk<T>(definition: JobDefinition<T>, jobs: { name?: string; data: T; options?: JobsOptions }[]): Promise<void> {
    await (await this.ready(definition.queue)).addBulk(jobs.map((j) => ({ name: j.name ?? definition.name, data: j.data, opts: { ...definition.options, ...j.options } })));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
