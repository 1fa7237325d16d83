import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { OutboxService } from '../common/outbox/outbox.service';
import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { Deadlines } from '../common/queue/deadlines.service';
import { escalationDueAt, escalationsDue, HOLD_ESCALATION_STEPS, HoldEscalationStep } from './domain/hold-escalation';
import { Job } from './job.entity';
import { jobEventBase } from './job-rows';
import { HOLD_ESCALATION_DEADLINE, HoldEscalationPayload } from './job-timers';
import { ROW_LOCK } from '../common/database/row-lock';

/**
 * DESIGN §6 "its acknowledgment is tracked": a hold the partner has not acknowledged escalates to
 * the lender and platform compliance after 15 minutes and again after an hour (`job.hold_escalated`).
 * Timers are set once the hold commits and removed by the acknowledgment or the resume.
 */
@Injectable()
export class HoldEscalations {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** In the hold's transaction: the escalation timers of a job just put on hold. */
  scheduleFor(manager: EntityManager, jobId: string, heldAt: Date): void {
    this.afterCommit.run(manager, async () => {
      for (const { step } of HOLD_ESCALATION_STEPS) await this.deadlines.schedule(HOLD_ESCALATION_DEADLINE, { jobId, step }, escalationDueAt(heldAt, step));
    });
  }

  /** In the acknowledgment's (or resume's) transaction: no escalation is due any more. */
  cancelFor(manager: EntityManager, jobId: string): void {
    this.afterCommit.run(manager, async () => {
      for (const { step } of HOLD_ESCALATION_STEPS) await this.deadlines.cancel(HOLD_ESCALATION_DEADLINE, { jobId, step });
    });
  }

  /** Takes every step due by now that was not taken yet (a late sweep takes both at once), one event each. */
  async escalateIfDue(jobId: string): Promise<{ escalated: HoldEscalationStep[] }> {
    return this.dataSource.transaction(async (manager) => {
      const job = await manager.getRepository(Job).createQueryBuilder('j').setLock(ROW_LOCK).where('j.id = :id', { id: jobId }).getOne();
      if (!job || job.status !== 'on_hold' || job.holdAcknowledgedAt || !job.heldAt) return { escalated: [] };
      const now = this.clock.now();
      const due = escalationsDue(job.heldAt, job.holdEscalations, now);
      if (due.length === 0) return { escalated: [] };
      job.holdEscalations = due[due.length - 1]!;
      await manager.update(Job, { id: job.id }, { holdEscalations: job.holdEscalations });
      const base = jobEventBase(job);
      for (const step of due) {
        await this.outbox.record(manager, {
          ...base,
          type: 'job.hold_escalated' as const,
          payload: {
            ...base.payload,
            step,
            held_at: job.heldAt.toISOString(),
            hold_reason: job.holdReason,
            unacknowledged_minutes: Math.floor((now.getTime() - job.heldAt.getTime()) / 60_000),
          },
        });
      }
      return { escalated: due };
    });
  }
}

/** The escalation timer and its sweep: held jobs not acknowledged whose next step is due. */
@DeadlineHandler(HOLD_ESCALATION_DEADLINE)
export class HoldEscalationDeadlineJob implements DeadlineProcessor<HoldEscalationPayload> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly escalations: HoldEscalations,
  ) {}

  async findOverdue(dueBy: Date, limit: number): Promise<HoldEscalationPayload[]> {
    const [first, second] = HOLD_ESCALATION_STEPS;
    const rows = await this.dataSource
      .getRepository(Job)
      .createQueryBuilder('j')
      .where(`j.status = 'on_hold' AND j.holdAcknowledgedAt IS NULL`)
      .andWhere('((j.holdEscalations = 0 AND j.heldAt <= :firstBy) OR (j.holdEscalations = 1 AND j.heldAt <= :secondBy))', {
        firstBy: new Date(dueBy.getTime() - first.afterMs),
        secondBy: new Date(dueBy.getTime() - second.afterMs),
      })
      .orderBy('j.heldAt', 'ASC')
      .take(limit)
      .getMany();
    return rows.map((j) => ({ jobId: j.id, step: j.holdEscalations === 0 ? 1 : 2 }));
  }

  handle(data: HoldEscalationPayload): Promise<{ escalated: HoldEscalationStep[] }> {
    return this.escalations.escalateIfDue(data.jobId);
  }
}
