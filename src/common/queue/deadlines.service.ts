import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '../clock/clock';
import { DeadlineDefinition, DeadlineProcessor, delayUntil, sweepDueBy } from './deadline';
import { JobDefinition } from './job';
import { QueueService } from './queue.service';

export interface DueItem<P> {
  readonly payload: P;
  /** Run after this long instead of at once. */
  readonly delayMs?: number;
}

/**
 * Sets, moves and cancels deadline timers, and runs the sweeps. Setting a timer never fails the
 * caller: with Redis down the change is already committed in PostgreSQL, and the sweep handles
 * the item once it is due (DESIGN §2: nothing is lost while Redis is down).
 */
@Injectable()
export class Deadlines {
  private readonly logger = new Logger('Deadlines');
  /** Each deadline's sweep, bound to its handler at boot (keyed by the sweep's job definition). */
  private readonly sweeps = new Map<JobDefinition<unknown>, () => Promise<{ swept: number }>>();

  constructor(
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  /** Called by the boot check with the one `@DeadlineHandler` class of each deadline. */
  register<P>(definition: DeadlineDefinition<P>, processor: DeadlineProcessor<P>): void {
    this.sweeps.set(definition.sweep, () => this.runSweep(definition, processor));
  }

  /** The item's timer fires at `at`; one already pending for the item is replaced (a moved deadline). */
  async schedule<P>(definition: DeadlineDefinition<P>, payload: P, at: Date): Promise<void> {
    const id = definition.idOf(payload);
    try {
      await this.removeUnlessRunning(await this.queues.ready(definition.queue), id);
      await this.queues.add(definition.timer, payload, { jobId: id, delay: delayUntil(at, this.clock.now()) });
    } catch (err) {
      this.logger.warn({ deadline: definition.name, timer_id: id, err: (err as Error).message }, 'could not set the timer; the sweep handles the item when due');
    }
  }

  /** The item no longer waits for its deadline (decided, withdrawn). A running timer finishes and finds nothing to do. */
  async cancel<P>(definition: DeadlineDefinition<P>, payload: P): Promise<void> {
    const id = definition.idOf(payload);
    try {
      await this.removeUnlessRunning(await this.queues.ready(definition.queue), id);
    } catch (err) {
      this.logger.warn({ deadline: definition.name, timer_id: id, err: (err as Error).message }, 'could not cancel the timer; it will find nothing to do');
    }
  }

  /** Work that is due now (or after `delayMs`), many items at once; an item already queued stays as it is. */
  async enqueue<P>(definition: DeadlineDefinition<P>, items: readonly DueItem<P>[]): Promise<void> {
    try {
      await this.addAll(definition, items);
    } catch (err) {
      this.logger.warn({ deadline: definition.name, items: items.length, err: (err as Error).message }, 'could not queue the work; the sweep queues it again');
    }
  }

  /**
   * One sweep: the items still waiting past their deadline (plus grace) are handled here, or
   * queued again under their timer ids. One item failing does not stop the others; the sweep then
   * fails with every error, and the next sweep tries those items again.
   */
  async sweep<P>(definition: DeadlineDefinition<P>): Promise<{ swept: number }> {
    const run = this.sweeps.get(definition.sweep);
    if (!run) throw new Error(`deadline ${definition.name} has no handler`);
    return run();
  }

  private async runSweep<P>(definition: DeadlineDefinition<P>, processor: DeadlineProcessor<P>): Promise<{ swept: number }> {
    const due = await processor.findOverdue(sweepDueBy(definition, this.clock.now()), definition.batch);
    if (definition.sweepMode === 'requeue') {
      await this.addAll(definition, due.map((payload) => ({ payload })));
      return { swept: due.length };
    }
    const errors: Error[] = [];
    for (const payload of due) {
      await processor.handle(payload).catch((err: Error) => {
        this.logger.warn({ deadline: definition.name, timer_id: definition.idOf(payload), err: err.message }, 'overdue item failed in the sweep');
        errors.push(err);
      });
    }
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} of ${due.length} overdue ${definition.name} item(s) failed`);
    return { swept: due.length };
  }

  private async addAll<P>(definition: DeadlineDefinition<P>, items: readonly DueItem<P>[]): Promise<void> {
    if (items.length === 0) return;
    await this.queues.addBulk(
      definition.timer,
      items.map((item) => ({ data: item.payload, options: { jobId: definition.idOf(item.payload), ...(item.delayMs ? { delay: item.delayMs } : {}) } })),
    );
  }

  /** A running timer cannot be removed; it re-reads the item's state and finds nothing to do. */
  private async removeUnlessRunning(queue: Queue, id: string): Promise<void> {
    const existing = await queue.getJob(id);
    if (existing && !(await existing.isActive())) await existing.remove();
  }
}
