import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { PageQuery, paginate } from '../common/pagination/pagination';
import { Deadlines } from '../common/queue/deadlines.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { requestAnswerDue, requestChargeCap } from './domain/explanation';
import { EXPLANATION_REQUEST_DUE } from './explanation-request-timers';
import { Settlement, SettlementExplanationRequest } from './settlement.entity';
import { SettlementErrors } from './settlement.errors';
import { ROW_LOCK } from '../common/database/row-lock';

/** Borrowers' requests for the §9-616 explanation: recorded, priced by the (f) rule, answered within 14 days. */
@Injectable()
export class ExplanationRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
  ) {}

  async record(principal: Principal, settlementId: string, receivedAt: Date) {
    const now = this.clock.now();
    if (receivedAt.getTime() > now.getTime()) throw SettlementErrors.requestInFuture();
    const request = await this.dataSource.transaction(async (manager) => {
      const s = await this.lockOwn(manager, principal.orgId, settlementId);
      if (receivedAt.getTime() < s.saleAt.getTime()) throw SettlementErrors.requestBeforeSale();
      const earlier = await manager.getRepository(SettlementExplanationRequest).findBy({ settlementId: s.id, free: true });
      const charge = requestChargeCap(receivedAt, { explanationsSentAt: [], freeResponsesAt: earlier.map((r) => r.receivedAt) });
      const row = manager.getRepository(SettlementExplanationRequest).create({
        id: randomUUID(),
        settlementId: s.id,
        receivedAt,
        answerDueAt: requestAnswerDue(receivedAt),
        free: charge.free,
        maxCharge: charge.maxCharge.amount,
        chargeCurrency: charge.maxCharge.currency,
        answeredAt: null,
        overdueAt: null,
        createdByUserId: principal.userId,
        createdAt: now,
      });
      await manager.getRepository(SettlementExplanationRequest).insert(row);
      this.afterCommit.run(manager, () => this.deadlines.schedule(EXPLANATION_REQUEST_DUE, { requestId: row.id }, row.answerDueAt));
      return row;
    });
    return presentRequest(request);
  }

  async answer(principal: Principal, settlementId: string, requestId: string) {
    const request = await this.dataSource.transaction(async (manager) => {
      const s = await this.lockOwn(manager, principal.orgId, settlementId);
      if (!isUuid(requestId)) throw SettlementErrors.requestNotFound();
      const row = await manager.getRepository(SettlementExplanationRequest).findOneBy({ id: requestId, settlementId: s.id });
      if (!row) throw SettlementErrors.requestNotFound();
      if (row.answeredAt) throw SettlementErrors.requestAlreadyAnswered(row.id, row.answeredAt);
      row.answeredAt = this.clock.now();
      await manager.getRepository(SettlementExplanationRequest).update({ id: row.id }, { answeredAt: row.answeredAt });
      this.afterCommit.run(manager, () => this.deadlines.cancel(EXPLANATION_REQUEST_DUE, { requestId: row.id }));
      return row;
    });
    return presentRequest(request);
  }

  async list(principal: Principal, settlementId: string, query: PageQuery) {
    const s = await this.lockOwn(this.dataSource.manager, principal.orgId, settlementId, false);
    const qb = this.dataSource.getRepository(SettlementExplanationRequest).createQueryBuilder('r').where('r.settlementId = :id', { id: s.id });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(presentRequest), next_cursor: nextCursor };
  }

  /** Unanswered requests past their 14 days that the lender has not been told of yet. */
  async overdue(dueBy: Date, limit: number): Promise<{ requestId: string }[]> {
    const rows = await this.dataSource.getRepository(SettlementExplanationRequest).find({ select: { id: true }, where: { answeredAt: IsNull(), overdueAt: IsNull(), answerDueAt: LessThanOrEqual(dueBy) }, order: { answerDueAt: 'ASC' }, take: limit });
    return rows.map((r) => ({ requestId: r.id }));
  }

  /** At the deadline: an unanswered request is marked overdue and the lender told, once (a guarded update). */
  async markOverdueIfDue(requestId: string): Promise<{ overdue: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const updated: { id: string; settlement_id: string }[] = await manager.query(
        `UPDATE settlement_explanation_requests SET overdue_at = $2 WHERE id = $1 AND answered_at IS NULL AND overdue_at IS NULL AND answer_due_at <= $2 RETURNING id, settlement_id`,
        [requestId, now],
      ).then((r: [unknown[], number] | unknown[]) => (Array.isArray(r[0]) ? (r[0] as { id: string; settlement_id: string }[]) : (r as { id: string; settlement_id: string }[])));
      const row = updated[0];
      if (!row) return { overdue: false };
      const s = await manager.getRepository(Settlement).findOneByOrFail({ id: row.settlement_id });
      await this.outbox.record(manager, {
        type: 'settlement.explanation_overdue' as const,
        aggregateType: 'settlement',
        aggregateId: s.id,
        orgIds: [s.lenderOrgId],
        payload: { settlement_id: s.id, request_id: row.id, case_id: s.caseId },
      });
      return { overdue: true };
    });
  }

  private async lockOwn(manager: EntityManager, lenderOrgId: string, id: string, lock = true): Promise<Settlement> {
    if (!isUuid(id)) throw SettlementErrors.notFound();
    const qb = manager.getRepository(Settlement).createQueryBuilder('s').where('s.id = :id AND s.lenderOrgId = :lenderOrgId', { id, lenderOrgId });
    const s = await (lock ? qb.setLock(ROW_LOCK) : qb).getOne();
    if (!s) throw SettlementErrors.notFound();
    return s;
  }
}

export function presentRequest(r: SettlementExplanationRequest) {
  return {
    id: r.id,
    settlement_id: r.settlementId,
    received_at: r.receivedAt.toISOString(),
    answer_due_at: r.answerDueAt.toISOString(),
    free: r.free,
    max_charge: money(r.maxCharge, r.chargeCurrency),
    answered_at: r.answeredAt?.toISOString() ?? null,
    overdue_at: r.overdueAt?.toISOString() ?? null,
  };
}
