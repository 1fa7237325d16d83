import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JsonArray, JsonValue } from '../common/json';
import { Money, money } from '../common/money/money';
import { AfterCommit } from '../common/database/after-commit';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate, PageQuery } from '../common/pagination/pagination';
import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { Deadlines } from '../common/queue/deadlines.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { promiseDueAt, promiseOutcome } from './domain/promise-to-pay';
import { JobEvent } from './job-event.entity';
import { Job } from './job.entity';
import { jobEventBase } from './job-rows';
import { PROMISE_DEADLINE, PromiseDeadlinePayload } from './job-timers';
import { JobErrors } from './jobs.errors';
import { PromiseToPay } from './promise-to-pay.entity';
import { ROW_LOCK } from '../common/database/row-lock';

function isJsonArray(value: JsonValue): value is JsonArray {
  return Array.isArray(value);
}

/** A promise's or a payment report's amount, as `validateProgressEvent` stored it. */
function amountOf(event: JobEvent): Money {
  const value = event.payload.amount;
  const fields = typeof value === 'object' && value !== null && !isJsonArray(value) ? value : {};
  const { amount, currency } = fields as { readonly amount?: JsonValue; readonly currency?: JsonValue };
  if (typeof amount !== 'number' || typeof currency !== 'string') throw new Error(`progress event ${event.id} has no amount`);
  return money(amount, currency);
}

/**
 * Promises to pay (DESIGN §6): every `promise_to_pay` report is tracked; payments reported on the
 * same job and case since the promise are credited to it, and it is kept as soon as they cover it.
 * At its date plus the listing's grace an uncovered promise is `broken` (or `partially_kept`).
 * Kept and broken reach the partner's statistics through `promise.kept` / `promise.broken`.
 */
@Injectable()
export class JobPromises {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** In the report's transaction: a new promise, its deadline set once the report commits. */
  async track(manager: EntityManager, job: Job, event: JobEvent): Promise<void> {
    const amount = amountOf(event);
    const promisedFor = event.payload.date as string;
    const promise = manager.create(PromiseToPay, {
      id: randomUUID(),
      jobId: job.id,
      caseId: event.caseId,
      eventId: event.id,
      lenderOrgId: job.lenderOrgId,
      partnerOrgId: job.partnerOrgId,
      amount: amount.amount,
      currency: amount.currency,
      promisedFor,
      graceDays: job.promiseGraceDays,
      dueAt: promiseDueAt(promisedFor, job.promiseGraceDays),
      status: 'open',
      paidAmount: 0,
      decidedAt: null,
      createdAt: event.createdAt,
    });
    await manager.insert(PromiseToPay, promise);
    this.afterCommit.run(manager, () => this.deadlines.schedule(PROMISE_DEADLINE, { promiseId: promise.id }, promise.dueAt));
  }

  /** In the report's transaction: a reported payment counts toward every open promise made before it on the job and case. */
  async credit(manager: EntityManager, job: Job, event: JobEvent): Promise<void> {
    const amount = amountOf(event);
    const open = await manager
      .getRepository(PromiseToPay)
      .createQueryBuilder('p')
      .setLock(ROW_LOCK)
      .where(`p.jobId = :jobId AND p.status = 'open' AND p.currency = :currency AND p.createdAt <= :at`, { jobId: job.id, currency: amount.currency, at: event.createdAt })
      .andWhere(event.caseId ? 'p.caseId = :caseId' : 'p.caseId IS NULL', { caseId: event.caseId })
      .orderBy('p.createdAt', 'ASC')
      .getMany();
    for (const promise of open) {
      promise.paidAmount += amount.amount;
      await manager.update(PromiseToPay, { id: promise.id }, { paidAmount: promise.paidAmount });
      if (promiseOutcome(promise.amount, promise.paidAmount, false) === 'kept') await this.decide(manager, job, promise, 'kept');
    }
  }

  /** The deadline: an open promise past its date and grace is decided on what was paid. */
  async decideIfDue(promiseId: string): Promise<{ status: PromiseToPay['status'] | null }> {
    return this.dataSource.transaction(async (manager) => {
      const promise = await manager.getRepository(PromiseToPay).createQueryBuilder('p').setLock(ROW_LOCK).where('p.id = :id', { id: promiseId }).getOne();
      if (!promise || promise.status !== 'open' || promise.dueAt > this.clock.now()) return { status: null };
      const job = await manager.findOneByOrFail(Job, { id: promise.jobId });
      const status = promiseOutcome(promise.amount, promise.paidAmount, true);
      await this.decide(manager, job, promise, status);
      return { status };
    });
  }

  async list(principal: Principal, jobId: string, query: PageQuery): Promise<Page<PromiseView>> {
    if (!isUuid(jobId)) throw JobErrors.notFound();
    const side = principal.orgKind === 'lender' ? 'j.lenderOrgId' : 'j.partnerOrgId';
    const job = await this.dataSource.getRepository(Job).createQueryBuilder('j').where(`j.id = :id AND ${side} = :orgId`, { id: jobId, orgId: principal.orgId }).getOne();
    if (!job) throw JobErrors.notFound();
    const { items, nextCursor } = await paginate(this.dataSource.getRepository(PromiseToPay).createQueryBuilder('p').where('p.jobId = :jobId', { jobId }), query);
    return { data: items.map(presentPromise), next_cursor: nextCursor };
  }

  private async decide(manager: EntityManager, job: Job, promise: PromiseToPay, status: PromiseToPay['status']): Promise<void> {
    if (status === 'open') return;
    const now = this.clock.now();
    promise.status = status;
    promise.decidedAt = now;
    await manager.update(PromiseToPay, { id: promise.id }, { status, decidedAt: now });
    const base = jobEventBase(job);
    const payload = {
      ...base.payload,
      promise_id: promise.id,
      case_id: promise.caseId,
      amount: { amount: promise.amount, currency: promise.currency },
      paid: { amount: promise.paidAmount, currency: promise.currency },
      promised_for: promise.promisedFor,
      due_at: promise.dueAt.toISOString(),
    };
    const event = { aggregateType: 'promise', aggregateId: promise.id, orgIds: base.orgIds };
    if (status === 'kept') await this.outbox.record(manager, { ...event, type: 'promise.kept' as const, payload });
    else await this.outbox.record(manager, { ...event, type: 'promise.broken' as const, payload: { ...payload, status } });
    if (status === 'kept') this.afterCommit.run(manager, () => this.deadlines.cancel(PROMISE_DEADLINE, { promiseId: promise.id }));
  }
}

export function presentPromise(p: PromiseToPay) {
  return {
    id: p.id,
    job_id: p.jobId,
    case_id: p.caseId,
    event_id: p.eventId,
    amount: { amount: p.amount, currency: p.currency },
    paid: { amount: p.paidAmount, currency: p.currency },
    promised_for: p.promisedFor,
    grace_days: p.graceDays,
    due_at: p.dueAt.toISOString(),
    status: p.status,
    decided_at: p.decidedAt?.toISOString() ?? null,
    created_at: p.createdAt.toISOString(),
  };
}
export type PromiseView = ReturnType<typeof presentPromise>;

/** The promise deadline and its sweep: open promises past their date and grace. */
@DeadlineHandler(PROMISE_DEADLINE)
export class PromiseDeadlineJob implements DeadlineProcessor<PromiseDeadlinePayload> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly promises: JobPromises,
  ) {}

  async findOverdue(dueBy: Date, limit: number): Promise<PromiseDeadlinePayload[]> {
    const open = await this.dataSource.getRepository(PromiseToPay).find({ select: { id: true }, where: { status: 'open', dueAt: LessThanOrEqual(dueBy) }, order: { dueAt: 'ASC' }, take: limit });
    return open.map((p) => ({ promiseId: p.id }));
  }

  handle(data: PromiseDeadlinePayload): Promise<{ status: PromiseToPay['status'] | null }> {
    return this.promises.decideIfDue(data.promiseId);
  }
}
