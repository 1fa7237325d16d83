import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { Job, JobsOptions } from 'bullmq';

/** A background job: its queue, its name, and the shape of its (small, ids-only) payload. */
export interface JobDefinition<T> {
  readonly queue: string;
  readonly name: string;
  /** Repeating jobs (e.g. daily sweeps) are scheduled by the worker at boot with this id. */
  readonly repeat?: { readonly everyMs?: number; readonly pattern?: string };
  readonly options?: JobsOptions;
  /** Settings of the worker that consumes this job's queue (merged over every job of the queue). */
  readonly worker?: WorkerTuning;
  /** Phantom field carrying the payload type. */
  readonly __payload?: T;
}

/**
 * Per-queue worker settings: `concurrency` for I/O-bound jobs, and a shorter `lockDuration` /
 * `stalledInterval` where a job left by a dead worker should be picked up again sooner.
 */
export interface WorkerTuning {
  readonly concurrency?: number;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
  readonly maxStalledCount?: number;
}

/** Matches every job name in a queue (domain events are named by event type). */
export const ANY_JOB_NAME = '*';

const definitions: JobDefinition<unknown>[] = [];

export function defineJob<T>(queue: string, name: string, extra: Pick<JobDefinition<T>, 'repeat' | 'options' | 'worker'> = {}): JobDefinition<T> {
  const definition: JobDefinition<T> = { queue, name, ...extra };
  definitions.push(definition as JobDefinition<unknown>);
  return definition;
}

export function declaredJobs(): readonly JobDefinition<unknown>[] {
  return definitions;
}

export interface JobProcessor<T> {
  handle(data: T, job: Job<T>): Promise<unknown>;
}

export const JOB_HANDLER = 'reclaim:job-handler';

/** Marks the one class that runs a job definition. A worker refuses to start if a job has none. */
export function JobHandler(definition: JobDefinition<unknown>): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(JOB_HANDLER, definition));
}

const label = (d: JobDefinition<unknown>): string => `${d.queue}/${d.name}`;

/**
 * The boot check (fail at deploy time, not at 3 a.m.): every declared job gets exactly one
 * handler, or the worker refuses to start naming the jobs without one (or with two).
 */
export function bindHandlers<H>(declared: readonly JobDefinition<unknown>[], found: readonly (readonly [JobDefinition<unknown>, H])[]): Map<JobDefinition<unknown>, H> {
  const handlers = new Map<JobDefinition<unknown>, H>();
  for (const [definition, handler] of found) {
    if (handlers.has(definition)) throw new Error(`job ${label(definition)} has two handlers`);
    handlers.set(definition, handler);
  }
  const missing = declared.filter((d) => !handlers.has(d));
  if (missing.length > 0) throw new Error(`no handler registered for job(s): ${missing.map(label).join(', ')}`);
  return handlers;
}
