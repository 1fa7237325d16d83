import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, diffFields } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { OrgNamesService } from '../auth/org-names.service';
import { AuctionErrors } from './auctions.errors';
import { BuyerCover } from './buyer-cover.service';
import { AuctionCreditLine } from './credit-line.entity';
import { exposureOf } from './domain/deposit-cover';
import { SetCreditLineDto } from './dto/auction.dto';
import { ROW_LOCK } from '../common/database/row-lock';

export function presentCreditLine(line: AuctionCreditLine, exposure: number) {
  const money = (amount: number) => ({ amount, currency: line.currency });
  return {
    buyer_org_id: line.buyerOrgId,
    limit: money(line.limit),
    status: line.status,
    reason: line.reason,
    exposure: money(exposure),
    created_at: line.createdAt.toISOString(),
    updated_at: line.updatedAt.toISOString(),
    suspended_at: line.suspendedAt?.toISOString() ?? null,
    suspended_reason: line.suspendedReason,
  };
}

type CreditLineView = ReturnType<typeof presentCreditLine>;

/** What an audit entry keeps of a line, before and after a change. */
function audited(line: Partial<AuctionCreditLine> | null) {
  return { limit: line?.limit ?? null, currency: line?.currency ?? null, status: line?.status ?? null, reason: line?.reason ?? null, suspended_reason: line?.suspendedReason ?? null };
}
const AUDITED = ['limit', 'currency', 'status', 'reason', 'suspended_reason'] as const;

/**
 * Buyers' credit lines (issue 15), set by platform admins and audited with before and after.
 * Decided under the line's row lock, the lock a bid covered by it takes (`BuyerCover.lockPool`).
 */
@Injectable()
export class CreditLinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgs: OrgNamesService,
    private readonly cover: BuyerCover,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** A buyer's own line (`GET /v1/me/credit-line`), or the one an admin asks for. */
  async get(buyerOrgId: string): Promise<CreditLineView> {
    if (!isUuid(buyerOrgId)) throw AuctionErrors.creditLineNotFound();
    const line = await this.dataSource.manager.findOneBy(AuctionCreditLine, { buyerOrgId });
    if (!line) throw AuctionErrors.creditLineNotFound();
    return this.view(this.dataSource.manager, line);
  }

  /** Sets (or reinstates) the line: active at the limit given. Lowering it below what it answers for refuses later bids only. */
  async set(principal: Principal, buyerOrgId: string, dto: SetCreditLineDto): Promise<CreditLineView> {
    if (!isUuid(buyerOrgId)) throw AuctionErrors.buyerNotFound();
    try {
      return await this.dataSource.transaction(async (m) => {
        if ((await this.orgs.kindOf(m, buyerOrgId)) !== 'buyer') throw AuctionErrors.buyerNotFound();
        const before = await m.getRepository(AuctionCreditLine).createQueryBuilder('c').where('c.buyerOrgId = :buyerOrgId', { buyerOrgId }).setLock(ROW_LOCK).getOne();
        const now = this.clock.now();
        const after: Partial<AuctionCreditLine> = { limit: dto.limit.amount, currency: dto.limit.currency, status: 'active', reason: dto.reason.trim(), setByUserId: principal.userId ?? null, updatedAt: now, suspendedAt: null, suspendedReason: null };
        const line = before ? Object.assign(m.create(AuctionCreditLine, { ...before }), after) : m.create(AuctionCreditLine, { ...after, buyerOrgId, createdAt: now });
        if (before) await m.update(AuctionCreditLine, { buyerOrgId }, after);
        else await m.insert(AuctionCreditLine, line);
        await this.audit.record({ action: before ? 'credit_line.update' : 'credit_line.create', principal, entityType: 'credit_line', entityId: buyerOrgId, changes: diffFields(audited(before), audited(line), AUDITED), partyOrgIds: [buyerOrgId] }, m);
        await this.outbox.record(m, {
          type: 'auction.credit_line_set' as const,
          aggregateType: 'auction_credit_line',
          aggregateId: buyerOrgId,
          orgIds: [buyerOrgId],
          payload: { buyer_org_id: buyerOrgId, limit: { amount: line.limit, currency: line.currency }, reason: line.reason },
        });
        return this.view(m, line);
      });
    } catch (e) {
      // Two admins creating the same buyer's first line at once: the second is told to read it again.
      if (isUniqueViolation(e)) throw AuctionErrors.creditLineChanged();
      throw e;
    }
  }

  /**
   * A buyer that defaulted on a lot its pool covered loses its credit (issue 15): the line is
   * suspended, in the default's transaction under the pool's lock the caller holds; nothing is
   * captured for it. Audited as the system's change.
   */
  async suspendLocked(m: EntityManager, line: AuctionCreditLine, reason: string, now: Date): Promise<void> {
    if (line.status !== 'active') return;
    const after: Partial<AuctionCreditLine> = { status: 'suspended', suspendedAt: now, suspendedReason: reason, updatedAt: now };
    await m.update(AuctionCreditLine, { buyerOrgId: line.buyerOrgId }, after);
    await this.audit.record({ action: 'credit_line.suspend', principal: null, entityType: 'credit_line', entityId: line.buyerOrgId, changes: diffFields(audited(line), audited({ ...line, ...after }), AUDITED), partyOrgIds: [line.buyerOrgId] }, m);
    await this.outbox.record(m, {
      type: 'auction.credit_line_suspended' as const,
      aggregateType: 'auction_credit_line',
      aggregateId: line.buyerOrgId,
      orgIds: [line.buyerOrgId],
      payload: { buyer_org_id: line.buyerOrgId, limit: { amount: line.limit, currency: line.currency }, reason },
    });
  }

  private async view(m: EntityManager, line: AuctionCreditLine): Promise<CreditLineView> {
    return presentCreditLine(line, exposureOf(await this.cover.positionsOf(m, line.buyerOrgId, line.currency)));
  }
}
