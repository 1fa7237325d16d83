import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AfterCommit } from '../common/database/after-commit';
import { Deadlines } from '../common/queue/deadlines.service';
import { isUuid } from '../common/tenancy/tenancy';
import { DEPOSIT_RELEASE } from './auction-timers';
import { BuyerCover } from './buyer-cover.service';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { StripeHoldsService } from '../payments/stripe/stripe-holds.service';
import { AuctionDeposit } from './auction-lot.entity';
import { AuctionErrors } from './auctions.errors';
import { presentDeposit } from './auctions.presenter';
import { AuctionsService } from './auctions.service';
import { coversUpTo, exposureOf, standingHoldExpiresAt, standingReleasable } from './domain/deposit-cover';
import { CreateDepositDto } from './dto/auction.dto';

type DepositView = ReturnType<typeof presentDeposit>;

/**
 * Deposits (DESIGN §7, issue 15): a card authorisation per buyer and lot, or standing for the
 * buyer's bids on any lot in a currency, made at Stripe before anything is written (`DepositHolds`
 * reads and releases lot deposits under the lot's lock, `BuyerCover` the standing ones).
 */
@Injectable()
export class DepositsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lots: AuctionsService,
    private readonly holds: StripeHoldsService,
    private readonly outbox: OutboxService,
    private readonly cover: BuyerCover,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreateDepositDto): Promise<DepositView> {
    await this.lots.assertMayBrowse(principal);
    if (dto.lot_id === undefined) return this.createStanding(principal, dto);
    const buyer = principal.orgId;
    const lot = await this.lots.visibleLot(this.dataSource.manager, principal, dto.lot_id);
    if (lot.status !== 'scheduled' && lot.status !== 'live') throw AuctionErrors.lotNotOpen(lot.status);
    if (lot.depositRequired === 0) throw AuctionErrors.depositNotRequired();
    const required = { amount: lot.depositRequired, currency: lot.currency };
    if (dto.amount && dto.amount.currency !== lot.currency) throw AuctionErrors.depositCurrency(lot.currency);
    const amount = dto.amount?.amount ?? lot.depositRequired;
    if (amount < lot.depositRequired) throw AuctionErrors.depositBelowRequired(required);
    const existing = await this.dataSource.manager.findOneBy(AuctionDeposit, { lotId: lot.id, buyerOrgId: buyer });
    if (existing) throw AuctionErrors.depositExists(existing.id);

    return this.authoriseAndRecord(
      { lotId: lot.id, buyerOrgId: buyer, amount, currency: lot.currency, paymentMethod: dto.payment_method, idempotencyKey: `auction-deposit-${lot.id}-${buyer}-${amount}-${dto.payment_method}` },
      // A parallel request with the same amount got the same intent (one Stripe key) and wrote it first.
      async () => AuctionErrors.depositExists((await this.dataSource.manager.findOneByOrFail(AuctionDeposit, { lotId: lot.id, buyerOrgId: buyer })).id),
    );
  }

  /**
   * A standing hold (issue 15): no lot, the amount given, in its currency; it covers the buyer's
   * bids on any lot in that currency with the lot cover rule, pooled across lots (`BuyerCover`).
   * One authorised per buyer and currency (a partial unique index decides parallel requests).
   */
  private async createStanding(principal: Principal, dto: CreateDepositDto): Promise<DepositView> {
    const buyer = principal.orgId;
    if (!dto.amount) throw AuctionErrors.standingAmountRequired();
    const { amount, currency } = dto.amount;
    if (amount <= 0) throw AuctionErrors.standingAmountRequired();
    const existing = await this.cover.standingOf(this.dataSource.manager, buyer, currency);
    if (existing) throw AuctionErrors.standingExists(existing.id, currency);
    // The buyer's earlier standing holds count in the key: the same hold asked again after a release is a new authorisation.
    const earlier = await this.dataSource.manager.countBy(AuctionDeposit, { buyerOrgId: buyer, currency, lotId: IsNull() });
    return this.authoriseAndRecord(
      { lotId: null, buyerOrgId: buyer, amount, currency, paymentMethod: dto.payment_method, idempotencyKey: `auction-standing-deposit-${buyer}-${currency}-${earlier}-${amount}-${dto.payment_method}` },
      async () => AuctionErrors.standingExists((await this.cover.standingOf(this.dataSource.manager, buyer, currency))?.id ?? null, currency),
    );
  }

  /**
   * The hold is authorised at Stripe first, then written with its event; a unique violation means a
   * parallel request wrote the same hold first (`conflict` says which). A standing hold lapses.
   */
  private async authoriseAndRecord(
    hold: { lotId: string | null; buyerOrgId: string; amount: number; currency: string; paymentMethod: string; idempotencyKey: string },
    conflict: () => Promise<Error>,
  ): Promise<DepositView> {
    const authorised = await this.holds.authorise({
      amount: hold.amount,
      currency: hold.currency,
      paymentMethod: hold.paymentMethod,
      orgId: hold.buyerOrgId,
      idempotencyKey: hold.idempotencyKey,
      metadata: hold.lotId ? { lot_id: hold.lotId } : { standing: 'true' },
    });
    if (!authorised.authorised) throw AuctionErrors.depositDeclined(authorised.declineCode, authorised.message);
    try {
      const deposit = await this.dataSource.transaction(async (m) => {
        const now = this.clock.now();
        const row = m.create(AuctionDeposit, {
          id: randomUUID(),
          lotId: hold.lotId,
          buyerOrgId: hold.buyerOrgId,
          amount: hold.amount,
          currency: hold.currency,
          coversUpTo: coversUpTo(hold.amount),
          paymentIntentId: authorised.intentId,
          status: 'authorised',
          createdAt: now,
          updatedAt: now,
          releasedAt: null,
          expiresAt: hold.lotId ? null : standingHoldExpiresAt(now),
        });
        await this.record(m, row);
        return row;
      });
      return presentDeposit(deposit);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw await conflict();
    }
  }

  private async record(m: EntityManager, row: AuctionDeposit): Promise<void> {
    await m.insert(AuctionDeposit, row);
    const money = (a: number) => ({ amount: a, currency: row.currency });
    await this.outbox.record(m, {
      type: 'auction.deposit_authorised' as const,
      aggregateType: 'auction_deposit',
      aggregateId: row.id,
      orgIds: [row.buyerOrgId],
      payload: { deposit_id: row.id, lot_id: row.lotId, buyer_org_id: row.buyerOrgId, amount: money(row.amount), covers_up_to: money(row.coversUpTo), payment_intent_id: row.paymentIntentId },
    });
  }

  /**
   * The buyer lets its standing deposit go, under the pool's lock: refused while it answers for a
   * leading bid or an unpaid lot the credit line does not cover alone. Stripe's cancellation runs
   * on the release timer after commit, as a loser's at close.
   */
  async release(principal: Principal, depositId: string): Promise<DepositView> {
    if (!isUuid(depositId)) throw AuctionErrors.depositNotFound();
    const seen = await this.dataSource.manager.findOneBy(AuctionDeposit, { id: depositId, buyerOrgId: principal.orgId });
    if (!seen) throw AuctionErrors.depositNotFound();
    if (seen.lotId !== null) throw AuctionErrors.depositOnLot(seen.lotId);
    const released = await this.dataSource.transaction(async (m) => {
      const pool = await this.cover.lockPool(m, seen.buyerOrgId, seen.currency);
      const deposit = pool.standing?.id === seen.id ? pool.standing : await m.findOneByOrFail(AuctionDeposit, { id: seen.id });
      if (deposit.status !== 'authorised') throw AuctionErrors.depositNotHeld(deposit.status);
      const positions = await this.cover.positionsOf(m, deposit.buyerOrgId, deposit.currency);
      const exposure = exposureOf(positions);
      if (!standingReleasable(exposure, this.cover.creditLimitIn(pool.credit, deposit.currency), !this.cover.live(deposit))) {
        throw AuctionErrors.standingCoversOpen({ amount: exposure, currency: deposit.currency }, positions.filter((p) => exposureOf([p]) > 0).map((p) => p.lotId));
      }
      const now = this.clock.now();
      Object.assign(deposit, { status: 'released', releasedAt: now, updatedAt: now });
      await m.update(AuctionDeposit, { id: deposit.id }, { status: 'released', releasedAt: now, updatedAt: now });
      await this.outbox.record(m, {
        type: 'auction.standing_deposit_released' as const,
        aggregateType: 'auction_deposit',
        aggregateId: deposit.id,
        orgIds: [deposit.buyerOrgId],
        payload: { deposit_id: deposit.id, buyer_org_id: deposit.buyerOrgId, amount: { amount: deposit.amount, currency: deposit.currency } },
      });
      this.afterCommit.run(m, () => this.deadlines.schedule(DEPOSIT_RELEASE, { depositId: deposit.id }, now));
      return deposit;
    });
    return presentDeposit(released);
  }

  async mine(principal: Principal, query: PageQuery): Promise<Page<DepositView>> {
    const qb = this.dataSource.getRepository(AuctionDeposit).createQueryBuilder('d').where('d.buyerOrgId = :buyer', { buyer: principal.orgId });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(presentDeposit), next_cursor: nextCursor };
  }
}
