import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { Payout } from './payout.entity';

/** Payouts of partner statements (issue 14): Stripe Connect transfers or wires the platform records. */
@Injectable()
export class PayoutsService {
  constructor(private readonly clock: Clock) {}

  /**
   * A transfer's webhook finalises its payout: transfer.created confirms it; a reversal (the whole
   * amount) reopens what the payout paid.
   */
  async onTransferMoved(manager: EntityManager, transfer: Stripe.Transfer, status: string): Promise<void> {
    const payout = await this.payoutOfTransfer(manager, transfer);
    if (!payout) return;
    const now = this.clock.now();
    if (status === 'reversed') {
      if (payout.status !== 'paid') return;
      await manager.update(Payout, { id: payout.id }, { status: 'reversed', updatedAt: now });
      return;
    }
    if (!payout.confirmedAt) await manager.update(Payout, { id: payout.id }, { confirmedAt: now, updatedAt: now });
  }

  private payoutOfTransfer(manager: EntityManager, transfer: Stripe.Transfer): Promise<Payout | null> {
    const payoutId = transfer.metadata?.payout_id;
    return manager.findOne(Payout, { where: payoutId ? { id: payoutId } : { stripeTransferId: transfer.id }, lock: { mode: 'pessimistic_write' } });
  }
}
