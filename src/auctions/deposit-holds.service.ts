import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { OutboxService } from '../common/outbox/outbox.service';
import { Deadlines } from '../common/queue/deadlines.service';
import { DEPOSIT_RELEASE } from './auction-timers';
import { StripeHoldsService } from '../payments/stripe/stripe-holds.service';
import { AuctionDeposit, AuctionLot } from './auction-lot.entity';

/** The deposits a lot's bids and close read and release, in the caller's transaction under the lot's lock. */
@Injectable()
export class DepositHolds {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly holds: StripeHoldsService,
    private readonly deadlines: Deadlines,
    private readonly outbox: OutboxService,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
  ) {}

  /** The bidder's deposit on the lot, read under the lot's lock by the bid. */
  coverOf(m: EntityManager, lotId: string, buyerOrgId: string): Promise<AuctionDeposit | null> {
    return m.findOneBy(AuctionDeposit, { lotId, buyerOrgId, status: 'authorised' });
  }

  /**
   * At close (in its transaction): every authorised hold but the winner's is released, the
   * winner's is kept for the invoice (its amount is answered); the Stripe cancellations run after commit.
   */
  async releaseAtClose(m: EntityManager, lot: AuctionLot, winnerOrgId: string | null): Promise<number> {
    const held = await m.find(AuctionDeposit, { where: { lotId: lot.id, status: 'authorised' } });
    if (held.length === 0) return 0;
    const now = this.clock.now();
    const losers = held.filter((d) => d.buyerOrgId !== winnerOrgId);
    const winner = held.find((d) => d.buyerOrgId === winnerOrgId) ?? null;
    if (losers.length > 0) await m.update(AuctionDeposit, { id: In(losers.map((d) => d.id)) }, { status: 'released', releasedAt: now, updatedAt: now });
    if (winner) await m.update(AuctionDeposit, { id: winner.id }, { status: 'held_for_invoice', updatedAt: now });
    await this.outbox.record(m, {
      type: 'auction.deposits_released' as const,
      aggregateType: 'auction_lot',
      aggregateId: lot.id,
      orgIds: [lot.orgId, ...held.map((d) => d.buyerOrgId)],
      payload: { lot_id: lot.id, deposit_ids: losers.map((d) => d.id), held_for_invoice: winner?.id ?? null },
    });
    this.afterCommit.run(m, async () => {
      for (const d of losers) await this.deadlines.schedule(DEPOSIT_RELEASE, { depositId: d.id }, now);
    });
    return winner?.amount ?? 0;
  }

  /** Released deposits Stripe has not let go yet, released at or before `dueBy`. */
  async unreleasedAtStripe(dueBy: Date, limit: number): Promise<{ depositId: string }[]> {
    const rows = await this.dataSource.manager.find(AuctionDeposit, {
      select: { id: true },
      where: { status: 'released', stripeReleasedAt: IsNull(), releasedAt: LessThanOrEqual(dueBy) },
      order: { releasedAt: 'ASC' },
      take: limit,
    });
    return rows.map((d) => ({ depositId: d.id }));
  }

  /** Cancels the authorisation at Stripe (idempotent there) and records it once. */
  async releaseAtStripe(depositId: string): Promise<{ outcome: 'released' | 'skipped' }> {
    const deposit = await this.dataSource.manager.findOneBy(AuctionDeposit, { id: depositId });
    if (!deposit || deposit.status !== 'released' || deposit.stripeReleasedAt) return { outcome: 'skipped' };
    await this.holds.release(deposit.paymentIntentId);
    await this.dataSource.manager.update(AuctionDeposit, { id: depositId, stripeReleasedAt: IsNull() }, { stripeReleasedAt: this.clock.now() });
    return { outcome: 'released' };
  }
}
