import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { Job, JobsOptions } from 'bullmq';
import { defineJob, JobDefinition, WorkerTuning } from './job';

/**
 * What the sweep does with an overdue item: `handle` decides it in the sweep (a decision under
 * a lock, e.g. an award); `requeue` gives it back to the queue under its deterministic id (long
 * or retried work, e.g. an import or a webhook attempt, which must run in its own job).
 */
export type SweepMode = 'handle' | 'requeue';

/**
 * Something that must happen at a time: a timer job per item with a deterministic id, and a
 * repeating sweep that finds the items whose timer Redis lost (or never got) and deals with them.
 */
export interface DeadlineDefinition<P> {
  readonly name: string;
  readonly queue: string;
  /** The timer's id for one item; scheduling the same id again replaces the pending timer. */
  readonly idOf: (payload: P) => string;
  readonly timer: JobDefinition<P>;
  readonly sweep: JobDefinition<Record<string, never>>;
  readonly sweepMode: SweepMode;
  /** How long past its time an item is left to its timer before the sweep takes it. */
  readonly graceMs: number;
  /** Most items one sweep takes; the next sweep takes the rest. */
  readonly batch: number;
}

export interface DeadlineSpec<P> {
  readonly queue: string;
  readonly name: string;
  readonly idOf: (payload: P) => string;
  /** Default one minute: the longest a deadline whose timer was lost waits (DESIGN §2). */
  readonly sweepEveryMs?: number;
  readonly sweepMode?: SweepMode;
  readonly graceMs?: number;
  readonly batch?: number;
  /** Options of the timer jobs (attempts, backoff, retention). */
  readonly options?: JobsOptions;
  readonly worker?: WorkerTuning;
}

/** A sweep's run: the next one is the retry, and its finished runs are not worth keeping. */
const SWEEP_OPTIONS: JobsOptions = { attempts: 1, removeOnComplete: true, removeOnFail: true };

/**
 * BullMQ 6 refuses custom job ids that are integers (its own counter) or hold a `:` (its
 * scheduler keys), so ids read like `award-deadline-<listingId>`. Checked when the id is made,
 * so a wrong `idOf` fails loudly instead of every timer being lost to a logged warning.
 */
export function timerIdProblem(id: string): string | null {
  if (id.length === 0) return 'is empty';
  if (`${parseInt(id, 10)}` === id) return 'is an integer (BullMQ numbers its own jobs)';
  if (id.includes(':')) return 'holds a ":" (BullMQ reserves it for its scheduler keys)';
  return null;
}

export function defineDeadline<P>(spec: DeadlineSpec<P>): DeadlineDefinition<P> {
  const idOf = (payload: P): string => {
    const id = spec.idOf(payload);
    const problem = timerIdProblem(id);
    if (problem) throw new Error(`deadline ${spec.name}: timer id "${id}" ${problem}`);
    return id;
  };
  return {
    name: spec.name,
    queue: spec.queue,
    idOf,
    timer: defineJob<P>(spec.queue, spec.name, { options: spec.options, worker: spec.worker }),
    sweep: defineJob<Record<string, never>>(spec.queue, `${spec.name}-sweep`, { repeat: { everyMs: spec.sweepEveryMs ?? 60_000 }, options: SWEEP_OPTIONS }),
    sweepMode: spec.sweepMode ?? 'handle',
    graceMs: spec.graceMs ?? 0,
    batch: spec.batch ?? 200,
  };
}

/** The sweep looks for items due at or before this instant. */
export function sweepDueBy(definition: Pick<DeadlineDefinition<unknown>, 'graceMs'>, now: Date): Date {
  return new Date(now.getTime() - definition.graceMs);
}

/** Milliseconds from now until `at`; a time already past runs at once. */
export function delayUntil(at: Date, now: Date): number {
  return Math.max(0, at.getTime() - now.getTime());
}

/**
 * The one class behind a deadline. The timer and the sweep may run it for the same item at the
 * same moment (and a timer may fire after its deadline moved), so `handle` re-reads the item's
 * state under a lock (or a guarded update) and does nothing when it is not due or already done.
 */
export interface DeadlineProcessor<P> {
  /** Items still waiting for a deadline at or before `dueBy`, oldest first, at most `limit`. */
  findOverdue(dueBy: Date, limit: number): Promise<readonly P[]>;
  handle(payload: P, job?: Job<P>): Promise<unknown>;
}

export const DEADLINE_HANDLER = 'reclaim:deadline-handler';

/** Marks the one class that runs a deadline (timer and sweep); a worker refuses to start without it. */
export function DeadlineHandler<P>(definition: DeadlineDefinition<P>): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(DEADLINE_HANDLER, definition));
}
