import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { calendarDateOf } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { depositForfeited } from '../ledger/domain/posting-rules';
import { LedgerService } from '../ledger/ledger.service';
import { StripeHoldsService } from '../payments/stripe/stripe-holds.service';
import { AuctionDeposit, AuctionInvoice, AuctionLot } from './auction-lot.entity';
import { BuyerCover } from './buyer-cover.service';
import { CreditLinesService } from './credit-lines.service';
import { invoiceDueAt } from './domain/second-chance';
import { lockLot } from './lot-lock';
import { SecondChanceService } from './second-chance.service';
import { ROW_LOCK } from '../common/database/row-lock';

/**
 * An auction invoice unpaid when its due day is over (issue 15, DESIGN §7): it defaults, the
 * buyer's deposit hold (on the lot, or standing) is captured at Stripe as forfeit and posted to the ledger, and the next
 * bidder is offered the lot (or it goes back to the lender). Decided once, under the lot's lock
 * and then the invoice's, so the due timer and the sweep racing capture once.
 */
@Injectable()
export class InvoiceDefaultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly holds: StripeHoldsService,
    private readonly ledger: LedgerService,
    private readonly secondChance: SecondChanceService,
    private readonly cover: BuyerCover,
    private readonly creditLines: CreditLinesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** Open invoices whose due day ended at or before `dueBy`, oldest first. */
  async overdue(dueBy: Date, limit: number): Promise<{ invoiceId: string }[]> {
    const rows = await this.dataSource.manager.find(AuctionInvoice, { select: { id: true }, where: { status: 'open', dueOn: LessThan(calendarDateOf(dueBy)) }, order: { dueOn: 'ASC' }, take: limit });
    return rows.map((i) => ({ invoiceId: i.id }));
  }

  async default(invoiceId: string): Promise<{ outcome: 'defaulted' | 'skipped' }> {
    const seen = await this.dataSource.manager.findOneBy(AuctionInvoice, { id: invoiceId });
    if (!seen || seen.status !== 'open') return { outcome: 'skipped' };
    return this.dataSource.transaction(async (m) => {
      // The invoice first, then the lot: the order the payment takes them in, so the two never deadlock.
      const invoice = await m.getRepository(AuctionInvoice).createQueryBuilder('i').where('i.id = :invoiceId', { invoiceId }).setLock(ROW_LOCK).getOneOrFail();
      const lot = await lockLot(m, seen.lotId);
      const now = this.clock.now();
      if (!lot || lot.status !== 'sold' || invoice.status !== 'open' || invoiceDueAt(invoice.dueOn).getTime() > now.getTime()) return { outcome: 'skipped' as const };
      const forfeited = await this.forfeit(m, lot, invoice, now);
      await m.update(AuctionInvoice, { id: invoice.id }, { status: 'defaulted', defaultedAt: now });
      const amount = (a: number) => money(a, invoice.currency);
      await this.outbox.record(m, {
        type: 'auction.invoice_defaulted' as const,
        aggregateType: 'auction_invoice',
        aggregateId: invoice.id,
        orgIds: [invoice.buyerOrgId, invoice.lenderOrgId],
        payload: { invoice_id: invoice.id, lot_id: lot.id, buyer_org_id: invoice.buyerOrgId, lender_org_id: invoice.lenderOrgId, balance_due: amount(invoice.balanceDue), due_on: invoice.dueOn, forfeited: forfeited === null ? null : amount(forfeited) },
      });
      await this.secondChance.offerNextOrReturn(m, lot, invoice.id, now);
      return { outcome: 'defaulted' as const };
    });
  }

  /**
   * The forfeit, under the lot's lock (and the pool's): the deposit held for the invoice in full,
   * or else, on a lot with a deposit, the lot's `deposit_required` from the buyer's standing hold
   * (a partial capture: Stripe lets the rest of that authorisation go, so the standing hold ends).
   * A lapsed standing hold is not captured: Stripe has let it go. A credit line the buyer holds is
   * suspended (nothing is captured for it). Answers what was captured.
   */
  private async forfeit(m: EntityManager, lot: AuctionLot, invoice: AuctionInvoice, now: Date): Promise<number | null> {
    const held = await m.findOneBy(AuctionDeposit, { lotId: lot.id, buyerOrgId: invoice.buyerOrgId, status: 'held_for_invoice' });
    const pool = held || lot.depositRequired === 0 ? null : await this.cover.lockPool(m, invoice.buyerOrgId, lot.currency);
    const standing = pool && this.cover.live(pool.standing) ? pool.standing : null;
    // Nothing is captured for a credit line: the buyer's credit ends instead (issue 15).
    if (pool?.credit) await this.creditLines.suspendLocked(m, pool.credit, `invoice ${invoice.id} of lot ${lot.id} unpaid on ${invoice.dueOn}`, now);
    const deposit = held ?? standing;
    if (!deposit) return null;
    // Under the lock and with one idempotency key per deposit: one capture, however often this runs.
    const captured = await this.holds.capture(deposit.paymentIntentId, held ? deposit.amount : Math.min(lot.depositRequired, deposit.amount), `auction-forfeit-${deposit.id}`);
    await m.update(AuctionDeposit, { id: deposit.id }, { status: 'forfeited', forfeitedAt: now, updatedAt: now, ...(held ? {} : { capturedAmount: captured, capturedAt: now }) });
    await this.ledger.post(m, {
      idempotencyKey: `auction-forfeit:${deposit.id}`,
      reason: 'lot',
      reasonId: lot.id,
      entries: depositForfeited({ buyerOrgId: invoice.buyerOrgId, amount: money(captured, invoice.currency) }),
      memo: `${held ? 'deposit' : 'standing deposit'} ${deposit.id} forfeited: invoice ${invoice.id} unpaid on ${invoice.dueOn}`,
    });
    return captured;
  }
}
