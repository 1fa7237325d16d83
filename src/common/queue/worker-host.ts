import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisConnections } from '../redis/redis';
import { ANY_JOB_NAME, declaredJobs, JOB_HANDLER, JobDefinition, JobProcessor, WorkerTuning } from './job';
import { QueueService } from './queue.service';

/**
 * Runs the queue consumers when this process has the worker role. At boot it refuses to start
 * if a declared job has no handler (or two), so a missing consumer is found at deploy time.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHost');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly redis: RedisConnections,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.collectHandlers();
    if (this.config.role === 'api') return;
    const byQueue = new Map<string, Map<string, JobProcessor<unknown>>>();
    const tuning = new Map<string, WorkerTuning>();
    for (const [definition, processor] of handlers) {
      const names = byQueue.get(definition.queue) ?? new Map<string, JobProcessor<unknown>>();
      names.set(definition.name, processor);
      byQueue.set(definition.queue, names);
      tuning.set(definition.queue, { ...tuning.get(definition.queue), ...definition.worker });
    }
    for (const [queueName, processors] of byQueue) {
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const processor = processors.get(job.name) ?? processors.get(ANY_JOB_NAME);
          if (!processor) throw new Error(`no handler for job ${queueName}/${job.name}`);
          return processor.handle(job.data, job);
        },
        { connection: this.redis.blocking(), prefix: this.config.redisPrefix, concurrency: 8, ...tuning.get(queueName) },
      );
      worker.on('failed', (job, err) => this.logger.warn({ queue: queueName, job: job?.name, job_id: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
      worker.on('error', (err) => this.logger.warn({ queue: queueName, err: err.message }, 'worker error'));
      this.workers.push(worker);
    }
    for (const definition of declaredJobs()) {
      if (!definition.repeat) continue;
      await this.queues
        .ready(definition.queue)
        .then((queue) => queue.upsertJobScheduler(definition.name, { every: definition.repeat!.everyMs, pattern: definition.repeat!.pattern }, { name: definition.name, data: {} }))
        .catch((err: Error) => this.logger.warn({ job: definition.name, err: err.message }, 'could not schedule repeating job; will retry at next boot'));
    }
    this.logger.log({ queues: [...byQueue.keys()] }, 'queue workers started');
  }

  private collectHandlers(): Map<JobDefinition<unknown>, JobProcessor<unknown>> {
    const handlers = new Map<JobDefinition<unknown>, JobProcessor<unknown>>();
    for (const wrapper of this.discovery.getProviders()) {
      const definition = wrapper.metatype ? (Reflect.getMetadata(JOB_HANDLER, wrapper.metatype) as JobDefinition<unknown> | undefined) : undefined;
      if (!definition || !wrapper.instance) continue;
      if (handlers.has(definition)) throw new Error(`job ${definition.queue}/${definition.name} has two handlers`);
      handlers.set(definition, wrapper.instance as JobProcessor<unknown>);
    }
    const missing = declaredJobs().filter((d) => !handlers.has(d));
    if (missing.length > 0) throw new Error(`no handler registered for job(s): ${missing.map((d) => `${d.queue}/${d.name}`).join(', ')}`);
    return handlers;
  }

  async onApplicationShutdown(): Promise<void> {
    // Waits for running jobs to finish (graceful shutdown); unfinished ones are retried by another worker.
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
