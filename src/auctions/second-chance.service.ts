import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate } from '../common/pagination/pagination';
import { Deadlines } from '../common/queue/deadlines.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { StripeHoldsService } from '../payments/stripe/stripe-holds.service';
import { VehiclesService } from '../vehicles/vehicles.service';
import { AuctionBid, AuctionDeposit, AuctionInvoice, AuctionLot } from './auction-lot.entity';
import { SECOND_CHANCE_EXPIRY } from './auction-default-timers';
import { presentInvoice } from './auctions.presenter';
import { AuctionsService, lotRef } from './auctions.service';
import { coversUpTo, depositToCover } from './domain/deposit-cover';
import { nextSecondChance, offerExpiresAt } from './domain/second-chance';
import { AcceptSecondChanceDto, SecondChanceQuery } from './dto/second-chance.dto';
import { InvoicesService } from './invoices.service';
import { SecondChanceOffer } from './second-chance-offer.entity';
import { SecondChanceErrors } from './second-chance.errors';
import { presentOffer } from './second-chance.presenter';
import { lockLot } from './lot-lock';
import { ROW_LOCK } from '../common/database/row-lock';

type OfferView = ReturnType<typeof presentOffer>;


/**
 * Second-chance offers (issue 15, DESIGN §7): when a winner does not pay, the next bidder by
 * maximum is offered the lot at that maximum for 24 h; accepted, it is sold to them on a new
 * invoice; declined or lapsed, the next one is offered it, and when none is left the lot goes
 * back to the lender. Decided under the lot's row lock, then the offer's.
 */
@Injectable()
export class SecondChanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lots: AuctionsService,
    private readonly vehicles: VehiclesService,
    private readonly invoices: InvoicesService,
    private readonly holds: StripeHoldsService,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
  ) {}

  /**
   * In the caller's transaction, under the lot's lock (a default, a decline, a lapse): the next
   * bidder is offered the lot, or it returns to the lender when nobody is left.
   */
  async offerNextOrReturn(m: EntityManager, lot: AuctionLot, afterInvoiceId: string, now: Date): Promise<SecondChanceOffer | null> {
    const bids = await m.find(AuctionBid, { select: { seq: true, bidderOrgId: true, maxAmount: true }, where: { lotId: lot.id }, order: { seq: 'ASC' } });
    const invoiced = await m.find(AuctionInvoice, { select: { buyerOrgId: true }, where: { lotId: lot.id } });
    const offered = await m.find(SecondChanceOffer, { select: { buyerOrgId: true }, where: { lotId: lot.id } });
    const out = new Set([...invoiced, ...offered].map((r) => r.buyerOrgId));
    const next = nextSecondChance(bids, out, lot.reservePrice, offered.length);
    if (!next.offer) {
      await this.lots.move(m, lot, 'returned_to_lender', now);
      await this.vehicles.moveForSale(m, lot.orgId, lot.vehicleId, 'in_storage', `auction lot ${lot.id} returned to the lender: ${next.reason}`);
      await this.outbox.record(m, {
        type: 'auction.returned_to_lender' as const,
        aggregateType: 'auction_lot',
        aggregateId: lot.id,
        orgIds: [lot.orgId],
        payload: { ...lotRef(lot), reason: next.reason },
      });
      return null;
    }
    const offer = m.create(SecondChanceOffer, {
      id: randomUUID(),
      lotId: lot.id,
      lenderOrgId: lot.orgId,
      buyerOrgId: next.bidderOrgId,
      rank: next.rank,
      currency: lot.currency,
      price: next.price,
      depositRequired: lot.depositRequired === 0 ? 0 : depositToCover(next.price, lot.depositRequired),
      status: 'open',
      afterInvoiceId,
      invoiceId: null,
      createdAt: now,
      expiresAt: offerExpiresAt(now),
      decidedAt: null,
    });
    await m.insert(SecondChanceOffer, offer);
    if (lot.status !== 'second_chance') await this.lots.move(m, lot, 'second_chance', now);
    await this.outbox.record(m, {
      type: 'auction.second_chance_offered' as const,
      aggregateType: 'auction_lot',
      aggregateId: lot.id,
      orgIds: [offer.buyerOrgId, lot.orgId],
      payload: { ...offerRef(offer), deposit_required: { amount: offer.depositRequired, currency: offer.currency }, expires_at: offer.expiresAt.toISOString() },
    });
    this.afterCommit.run(m, () => this.deadlines.schedule(SECOND_CHANCE_EXPIRY, { offerId: offer.id }, offer.expiresAt));
    return offer;
  }

  /** A buyer its own offers; a lender those on its lots; platform staff all. Newest first. */
  async list(principal: Principal, query: SecondChanceQuery): Promise<Page<OfferView>> {
    const qb = this.dataSource.getRepository(SecondChanceOffer).createQueryBuilder('o');
    if (principal.orgKind === 'buyer') qb.where('o.buyerOrgId = :org', { org: principal.orgId });
    else if (principal.orgKind === 'lender') qb.where('o.lenderOrgId = :org', { org: principal.orgId });
    else qb.where('TRUE');
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.lot_id) qb.andWhere('o.lotId = :lotId', { lotId: query.lot_id });
    const { items, nextCursor } = await paginate(qb, query);
    const now = this.clock.now();
    return { data: items.map((o) => presentOffer(o, now)), next_cursor: nextCursor };
  }

  /**
   * The buyer takes the offer: a deposit hold covering its price is authorised at Stripe first
   * (the deposit-cover rule of bidding), then, under the lot's lock, the lot is sold to them on an
   * invoice at the offer price with that deposit applied. A refusal writes nothing and lets the
   * hold go.
   */
  async accept(principal: Principal, offerId: string, dto: AcceptSecondChanceDto) {
    await this.lots.assertMayBrowse(principal);
    const seen = await this.ownOffer(principal, offerId);
    this.assertOpen(seen, this.clock.now());
    const hold = seen.depositRequired > 0 ? await this.authoriseHold(principal, seen, dto) : null;
    try {
      return await this.dataSource.transaction(async (m) => {
        const lot = (await lockLot(m, seen.lotId))!;
        const offer = await this.lockOffer(m, seen.id);
        const now = this.clock.now();
        this.assertOpen(offer, now);
        const deposit = hold ? await this.recordHold(m, offer, hold, now) : null;
        const invoice = await this.invoices.issue(m, lot, { buyerOrgId: offer.buyerOrgId, hammer: offer.price, depositHeld: deposit?.amount ?? 0, issuedAt: now });
        lot.hammerPrice = offer.price;
        await this.lots.move(m, lot, 'sold', now);
        Object.assign(offer, { status: 'accepted', decidedAt: now, invoiceId: invoice.id });
        await m.update(SecondChanceOffer, { id: offer.id }, { status: offer.status, decidedAt: now, invoiceId: invoice.id });
        await this.outbox.record(m, {
          type: 'auction.second_chance_accepted' as const,
          aggregateType: 'auction_lot',
          aggregateId: lot.id,
          orgIds: [offer.buyerOrgId, lot.orgId],
          payload: { ...offerRef(offer), invoice_id: invoice.id },
        });
        this.afterCommit.run(m, () => this.deadlines.cancel(SECOND_CHANCE_EXPIRY, { offerId: offer.id }));
        return { offer: presentOffer(offer, now), invoice: presentInvoice(invoice) };
      });
    } catch (err) {
      if (hold) await this.releaseUnused(hold.intentId);
      throw err;
    }
  }

  /** The buyer turns the offer down: the next bidder is offered the lot, or it returns to the lender. */
  async decline(principal: Principal, offerId: string): Promise<OfferView> {
    const seen = await this.ownOffer(principal, offerId);
    return this.dataSource.transaction(async (m) => {
      const lot = (await lockLot(m, seen.lotId))!;
      const offer = await this.lockOffer(m, seen.id);
      const now = this.clock.now();
      this.assertOpen(offer, now);
      await this.close(m, lot, offer, 'declined', now);
      this.afterCommit.run(m, () => this.deadlines.cancel(SECOND_CHANCE_EXPIRY, { offerId: offer.id }));
      return presentOffer(offer, now);
    });
  }

  /** Open offers past their expiry, oldest first. */
  async overdue(dueBy: Date, limit: number): Promise<{ offerId: string }[]> {
    const rows = await this.dataSource.manager.find(SecondChanceOffer, { select: { id: true }, where: { status: 'open', expiresAt: LessThanOrEqual(dueBy) }, order: { expiresAt: 'ASC' }, take: limit });
    return rows.map((o) => ({ offerId: o.id }));
  }

  /** At its expiry an open offer lapses (re-checked under the lot's lock: the buyer may have answered first). */
  async expire(offerId: string): Promise<{ outcome: 'expired' | 'skipped' }> {
    const seen = await this.dataSource.manager.findOneBy(SecondChanceOffer, { id: offerId });
    if (!seen || seen.status !== 'open') return { outcome: 'skipped' };
    return this.dataSource.transaction(async (m) => {
      const lot = (await lockLot(m, seen.lotId))!;
      const offer = await this.lockOffer(m, seen.id);
      const now = this.clock.now();
      if (offer.status !== 'open' || offer.expiresAt.getTime() > now.getTime()) return { outcome: 'skipped' as const };
      await this.close(m, lot, offer, 'expired', now);
      return { outcome: 'expired' as const };
    });
  }

  private async close(m: EntityManager, lot: AuctionLot, offer: SecondChanceOffer, outcome: 'declined' | 'expired', now: Date): Promise<void> {
    Object.assign(offer, { status: outcome, decidedAt: now });
    await m.update(SecondChanceOffer, { id: offer.id }, { status: outcome, decidedAt: now });
    await this.outbox.record(m, {
      type: 'auction.second_chance_declined' as const,
      aggregateType: 'auction_lot',
      aggregateId: lot.id,
      orgIds: [offer.buyerOrgId, lot.orgId],
      payload: { ...offerRef(offer), outcome },
    });
    await this.offerNextOrReturn(m, lot, offer.afterInvoiceId, now);
  }

  /** The caller's own offer, or 404 (DESIGN §2: someone else's offer does not exist for you). */
  private async ownOffer(principal: Principal, offerId: string): Promise<SecondChanceOffer> {
    if (!isUuid(offerId)) throw SecondChanceErrors.offerNotFound();
    const offer = await this.dataSource.manager.findOneBy(SecondChanceOffer, { id: offerId, buyerOrgId: principal.orgId });
    if (!offer) throw SecondChanceErrors.offerNotFound();
    return offer;
  }

  private async lockOffer(m: EntityManager, offerId: string): Promise<SecondChanceOffer> {
    return m.getRepository(SecondChanceOffer).createQueryBuilder('o').where('o.id = :offerId', { offerId }).setLock(ROW_LOCK).getOneOrFail();
  }

  private assertOpen(offer: SecondChanceOffer, now: Date): void {
    if (offer.status !== 'open') throw SecondChanceErrors.offerNotOpen(offer.status);
    if (now.getTime() >= offer.expiresAt.getTime()) throw SecondChanceErrors.offerExpired(offer.expiresAt);
  }

  private async authoriseHold(principal: Principal, offer: SecondChanceOffer, dto: AcceptSecondChanceDto): Promise<{ intentId: string; amount: number }> {
    if (!dto.payment_method) throw SecondChanceErrors.depositRequired({ amount: offer.depositRequired, currency: offer.currency });
    const hold = await this.holds.authorise({
      amount: offer.depositRequired,
      currency: offer.currency,
      paymentMethod: dto.payment_method,
      orgId: principal.orgId,
      idempotencyKey: `second-chance-deposit-${offer.id}-${dto.payment_method}`,
      metadata: { lot_id: offer.lotId, second_chance_offer_id: offer.id },
    });
    if (!hold.authorised) throw SecondChanceErrors.depositDeclined(hold.declineCode, hold.message);
    return { intentId: hold.intentId, amount: offer.depositRequired };
  }

  /** The new hold, kept for the invoice it is applied to. */
  private async recordHold(m: EntityManager, offer: SecondChanceOffer, hold: { intentId: string; amount: number }, now: Date): Promise<AuctionDeposit> {
    const row = m.create(AuctionDeposit, {
      id: randomUUID(),
      lotId: offer.lotId,
      buyerOrgId: offer.buyerOrgId,
      amount: hold.amount,
      currency: offer.currency,
      coversUpTo: coversUpTo(hold.amount),
      paymentIntentId: hold.intentId,
      status: 'held_for_invoice',
      createdAt: now,
      updatedAt: now,
      releasedAt: null,
    });
    await m.insert(AuctionDeposit, row);
    await this.outbox.record(m, {
      type: 'auction.deposit_authorised' as const,
      aggregateType: 'auction_deposit',
      aggregateId: row.id,
      orgIds: [row.buyerOrgId],
      payload: { deposit_id: row.id, lot_id: row.lotId, buyer_org_id: row.buyerOrgId, amount: { amount: row.amount, currency: row.currency }, covers_up_to: { amount: row.coversUpTo, currency: row.currency }, payment_intent_id: row.paymentIntentId },
    });
    return row;
  }

  /**
   * A refused acceptance lets its hold go, unless a parallel acceptance of the same offer (the
   * same Stripe idempotency key, so the same intent) took it first.
   */
  private async releaseUnused(intentId: string): Promise<void> {
    if (await this.dataSource.manager.existsBy(AuctionDeposit, { paymentIntentId: intentId })) return;
    await this.holds.release(intentId);
  }
}

function offerRef(o: SecondChanceOffer) {
  return { offer_id: o.id, lot_id: o.lotId, lender_org_id: o.lenderOrgId, buyer_org_id: o.buyerOrgId, rank: o.rank, price: { amount: o.price, currency: o.currency } };
}
