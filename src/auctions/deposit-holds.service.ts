import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { OutboxService } from '../common/outbox/outbox.service';
import { StripeHoldsService } from '../payments/stripe/stripe-holds.service';
import { AuctionDeposit, AuctionLot } from './auction-lot.entity';

/** The deposits a lot's bids and close read and release, in the caller's transaction under the lot's lock. */
@Injectable()
export class DepositHolds {
  constructor(
    private readonly holds: StripeHoldsService,
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
      for (const d of losers) await this.holds.release(d.paymentIntentId);
    });
    return winner?.amount ?? 0;
  }
}
