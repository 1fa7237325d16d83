import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisConnections } from '../redis/redis';
import { DEADLINE_HANDLER, DeadlineDefinition, DeadlineProcessor } from './deadline';
import { Deadlines } from './deadlines.service';
import { ANY_JOB_NAME, bindHandlers, declaredJobs, JOB_HANDLER, JobDefinition, JobProcessor, WorkerTuning } from './job';
import { JobSchedulers } from './job-schedulers';

/**
 * Runs the queue consumers when this process has the worker role. At boot it refuses to start
 * if a declared job (or deadline) has no handler (or two), so a missing consumer is found at
 * deploy time.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHost');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly redis: RedisConnections,
    private readonly deadlines: Deadlines,
    private readonly schedulers: JobSchedulers,
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
    await this.schedulers.start();
    this.logger.log({ queues: [...byQueue.keys()] }, 'queue workers started');
  }

  /** A `@DeadlineHandler` class runs the deadline's timer jobs; its sweep runs through `Deadlines`. */
  private collectHandlers(): Map<JobDefinition<unknown>, JobProcessor<unknown>> {
    const found: [JobDefinition<unknown>, JobProcessor<unknown>][] = [];
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const job = Reflect.getMetadata(JOB_HANDLER, wrapper.metatype) as JobDefinition<unknown> | undefined;
      if (job) found.push([job, wrapper.instance as JobProcessor<unknown>]);
      const deadline = Reflect.getMetadata(DEADLINE_HANDLER, wrapper.metatype) as DeadlineDefinition<unknown> | undefined;
      if (!deadline) continue;
      const processor = wrapper.instance as DeadlineProcessor<unknown>;
      this.deadlines.register(deadline, processor);
      found.push([deadline.timer, processor], [deadline.sweep, { handle: () => this.deadlines.sweep(deadline) }]);
    }
    return bindHandlers(declaredJobs(), found);
  }

  async onApplicationShutdown(): Promise<void> {
    // Waits for running jobs to finish (graceful shutdown); unfinished ones are retried by another worker.
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
