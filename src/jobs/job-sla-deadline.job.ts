import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { dueOf, SLA_CLOCKS, SlaClock, withoutClock } from './domain/job-sla';
import { Job } from './job.entity';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobOffers } from './job-offers.service';
import { jobEventBase } from './job-rows';
import { JobSlaBreach } from './job-sla-breach.entity';
import { JobSlaClocks, slaDueOf } from './job-sla-clocks.service';
import { JOB_SLA_DEADLINE, JobSlaPayload } from './job-timers';
import { ROW_LOCK } from '../common/database/row-lock';

/** Statuses whose clocks run; a held job's are stopped, an ended job's removed. */
const RUNNING = ['accepted', 'in_progress'] as const;

/**
 * An SLA clock ran out (DESIGN §6): the breach is recorded once, `job.sla_breached` tells the
 * lender's and the partner's leads and the partner's statistics; when the listing asked for it
 * the job is recalled and the work offered to the next-best bid, all in one transaction.
 */
@Injectable()
export class JobSlaBreaches {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: JobLifecycleService,
    private readonly offers: JobOffers,
    private readonly sla: JobSlaClocks,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async breachIfDue(jobId: string, clock: SlaClock): Promise<{ breached: boolean; recalled: boolean }> {
    const created: Job[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const job = await manager.getRepository(Job).createQueryBuilder('j').setLock(ROW_LOCK).where('j.id = :id', { id: jobId }).getOne();
      const now = this.clock.now();
      const due = job ? dueOf(slaDueOf(job), clock) : null;
      // The timer and the sweep may both come, and progress may have moved the clock since.
      if (!job || !due || !(RUNNING as readonly string[]).includes(job.status) || due > now) return { breached: false, recalled: false };
      const recall = job.autoRecallOnBreach;
      await manager.insert(JobSlaBreach, { id: randomUUID(), jobId: job.id, sla: clock, dueAt: due, breachedAt: now, partnerOrgId: job.partnerOrgId, lenderOrgId: job.lenderOrgId, autoRecalled: recall });
      await this.sla.set(manager, job, withoutClock(slaDueOf(job), clock));
      const base = jobEventBase(job);
      await this.outbox.record(manager, {
        ...base,
        type: 'job.sla_breached' as const,
        payload: { ...base.payload, sla: clock, due_at: due.toISOString(), breached_at: now.toISOString(), auto_recall: recall },
      });
      if (recall) {
        await this.lifecycle.apply(manager, job, 'recall', { reason: `SLA breached: ${clock.replace('_', ' ')} was due ${due.toISOString()}` });
        created.push(...(await this.offers.handleOfferEnded(manager, job, 'sla_breached')));
      }
      return { breached: true, recalled: recall };
    });
    await this.offers.scheduleAcceptDeadlines(created);
    return result;
  }
}

/** The SLA timer and its sweep: running jobs whose clock is due (the job is locked and re-checked). */
@DeadlineHandler(JOB_SLA_DEADLINE)
export class JobSlaDeadlineJob implements DeadlineProcessor<JobSlaPayload> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly breaches: JobSlaBreaches,
  ) {}

  async findOverdue(dueBy: Date, limit: number): Promise<JobSlaPayload[]> {
    const jobs = await this.dataSource
      .getRepository(Job)
      .createQueryBuilder('j')
      .where({ status: In([...RUNNING]) })
      .andWhere('LEAST(j.firstActionDueAt, j.silenceDueAt, j.completionDueAt) <= :dueBy', { dueBy })
      .orderBy('LEAST(j.firstActionDueAt, j.silenceDueAt, j.completionDueAt)', 'ASC')
      .take(limit)
      .getMany();
    return jobs.flatMap((j) => SLA_CLOCKS.filter((c) => (dueOf(slaDueOf(j), c)?.getTime() ?? Infinity) <= dueBy.getTime()).map((clock) => ({ jobId: j.id, clock })));
  }

  handle(data: JobSlaPayload): Promise<{ breached: boolean; recalled: boolean }> {
    return this.breaches.breachIfDue(data.jobId, data.clock);
  }
}
