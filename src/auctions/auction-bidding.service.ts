import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { OutboxService } from '../common/outbox/outbox.service';
import { Deadlines } from '../common/queue/deadlines.service';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { AuctionBid, AuctionLot } from './auction-lot.entity';
import { LOT_CLOSE } from './auction-timers';
import { AuctionErrors } from './auctions.errors';
import { AuctionStream } from './auction-stream.service';
import { presentBidAnswer, stateOf, termsOf } from './auctions.presenter';
import { AuctionsService, lotRef } from './auctions.service';
import { BuyerCover } from './buyer-cover.service';
import { endAfterBid } from './domain/anti-sniping';
import { LOT_STATE_MACHINE } from './domain/lot-status';
import { placeBid, reserveMet } from './domain/proxy-bidding';
import { PlaceAuctionBidDto } from './dto/auction.dto';
import { VehiclesService } from '../vehicles/vehicles.service';

type BidAnswer = ReturnType<typeof presentBidAnswer>;

/**
 * Proxy bids and buy-now (DESIGN §7). Each is decided under the lot's row lock (`SELECT … FOR
 * UPDATE`), so the bids of one lot are decided one at a time and the lot row always equals a
 * replay of its accepted bids in `seq` order; a refused bid writes nothing.
 */
@Injectable()
export class AuctionBiddingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lots: AuctionsService,
    private readonly vehicles: VehiclesService,
    private readonly cover: BuyerCover,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
    private readonly stream: AuctionStream,
  ) {}

  async bid(principal: Principal, lotId: string, dto: PlaceAuctionBidDto): Promise<BidAnswer> {
    await this.lots.assertMayBrowse(principal);
    const bidder = principal.orgId;
    await this.refuseTooLowUnlocked(principal, lotId, dto);
    return this.dataSource.transaction(async (m) => {
      const lot = await this.lots.visibleLot(m, principal, lotId, true);
      const now = this.clock.now();
      this.assertBiddable(lot, now);
      if (dto.max_amount.currency !== lot.currency) throw AuctionErrors.currencyMismatch(lot.currency);
      await this.cover.assertCovered(m, lot, bidder, dto.max_amount.amount);
      const { state, previousLeader, yourMax } = await this.decide(m, lot, bidder, dto.max_amount.amount);
      const endsAt = endAfterBid(lot.endsAt, now, { windowSeconds: lot.antiSnipingWindowSeconds, extensionSeconds: lot.antiSnipingExtensionSeconds });
      const extended = endsAt.getTime() !== lot.endsAt.getTime();
      Object.assign(lot, { leaderOrgId: state.leader, leaderMax: state.leaderMax, currentPrice: state.price, bidCount: state.bidCount, endsAt, updatedAt: now });
      const bidId = await this.record(m, lot, principal, 'proxy', dto.max_amount.amount, now);
      await m.update(AuctionLot, { id: lot.id }, { leaderOrgId: lot.leaderOrgId, leaderMax: lot.leaderMax, currentPrice: lot.currentPrice, bidCount: lot.bidCount, endsAt, updatedAt: now });
      await this.stream.enrol(m, lot.id, bidder);
      await this.stream.record(m, lot, 'bid');
      const price = { amount: state.price, currency: lot.currency };
      await this.outbox.record(m, {
        type: 'auction.bid_accepted' as const,
        aggregateType: 'auction_lot',
        aggregateId: lot.id,
        orgIds: [lot.orgId, bidder],
        payload: { ...lotRef(lot), bid_id: bidId, seq: lot.bidCount, bidder_org_id: bidder, current_price: price, bid_count: lot.bidCount, ends_at: endsAt.toISOString(), reserve_met: reserveMet(termsOf(lot), state), extended },
      });
      if (previousLeader && previousLeader !== state.leader) await this.recordOutbid(m, lot, previousLeader);
      if (extended) this.afterCommit.run(m, () => this.deadlines.schedule(LOT_CLOSE, { lotId: lot.id }, endsAt));
      return presentBidAnswer(lot, bidder, Math.max(yourMax ?? 0, dto.max_amount.amount), bidId);
    });
  }

  /**
   * A maximum below what a plain read of the lot asks is refused before the lot's lock, so refused
   * bids do not queue behind accepted ones. Sound because the least acceptable maximum only rises
   * (the price and the bidder's own maximum never fall); the refusal may name a minimum one bid
   * behind. Anything else is decided under the lock, as if this had not run.
   */
  private async refuseTooLowUnlocked(principal: Principal, lotId: string, dto: PlaceAuctionBidDto): Promise<void> {
    const lot = await this.lots.visibleLot(this.dataSource.manager, principal, lotId);
    if (lot.status !== 'live' || dto.max_amount.currency !== lot.currency) return;
    await this.decide(this.dataSource.manager, lot, principal.orgId, dto.max_amount.amount);
  }

  /** The proxy-bidding decision on the lot as read (with the bidder's maximum before it), or its refusal with the least acceptable maximum. */
  private async decide(m: EntityManager, lot: AuctionLot, bidder: string, max: number): Promise<Extract<ReturnType<typeof placeBid>, { accepted: true }> & { yourMax: number | null }> {
    const yourMax = (await this.lots.standingsOf(m, bidder, [lot.id])).get(lot.id) ?? null;
    const decision = placeBid(termsOf(lot), stateOf(lot, bidder, yourMax), bidder, max);
    if (decision.accepted) return { ...decision, yourMax };
    const minimum = { amount: decision.refusal.minimum, currency: lot.currency };
    throw decision.refusal.code === 'not_above_own_maximum' ? AuctionErrors.notAboveOwnMax(minimum) : AuctionErrors.bidTooLow(minimum);
  }

  /** Closes the lot at once at the buy-now price, while the current price is below it; exactly once under the lock. */
  async buyNow(principal: Principal, lotId: string): Promise<BidAnswer> {
    await this.lots.assertMayBrowse(principal);
    const buyer = principal.orgId;
    return this.dataSource.transaction(async (m) => {
      const lot = await this.lots.visibleLot(m, principal, lotId, true);
      const now = this.clock.now();
      this.assertBiddable(lot, now);
      if (lot.buyNowPrice === null) throw AuctionErrors.noBuyNow();
      await this.cover.assertCovered(m, lot, buyer, lot.buyNowPrice);
      if ((lot.currentPrice ?? 0) >= lot.buyNowPrice) {
        throw AuctionErrors.buyNowPassed({ amount: lot.currentPrice ?? 0, currency: lot.currency }, { amount: lot.buyNowPrice, currency: lot.currency });
      }
      const previousLeader = lot.leaderOrgId;
      assertTransition(LOT_STATE_MACHINE, lot.status, 'closed');
      Object.assign(lot, {
        status: 'closed',
        leaderOrgId: buyer,
        leaderMax: lot.buyNowPrice,
        currentPrice: lot.buyNowPrice,
        bidCount: lot.bidCount + 1,
        soldBy: 'buy_now',
        hammerPrice: lot.buyNowPrice,
        closedAt: now,
        endsAt: now,
      });
      const bidId = await this.record(m, lot, principal, 'buy_now', lot.buyNowPrice, now);
      await m.update(AuctionLot, { id: lot.id }, { leaderOrgId: buyer, leaderMax: lot.buyNowPrice, currentPrice: lot.buyNowPrice, bidCount: lot.bidCount });
      await this.stream.enrol(m, lot.id, buyer);
      await this.lots.move(m, lot, 'sold', now);
      await this.vehicles.moveForSale(m, lot.orgId, lot.vehicleId, 'sold', `auction lot ${lot.id} bought now`);
      if (previousLeader && previousLeader !== buyer) await this.recordOutbid(m, lot, previousLeader);
      await this.lots.settleAtClose(m, lot);
      await this.lots.recordClosed(m, lot);
      this.afterCommit.run(m, () => this.deadlines.cancel(LOT_CLOSE, { lotId: lot.id }));
      return presentBidAnswer(lot, buyer, lot.buyNowPrice, bidId);
    });
  }

  private assertBiddable(lot: AuctionLot, now: Date): void {
    if (lot.status !== 'live') throw AuctionErrors.notLive(lot.status);
    if (now.getTime() >= lot.endsAt.getTime()) throw AuctionErrors.ended(lot.endsAt);
  }

  /** Every accepted bid is kept, numbered in acceptance order (the lot's bid count after it). */
  private async record(m: EntityManager, lot: AuctionLot, principal: Principal, kind: 'proxy' | 'buy_now', maxAmount: number, now: Date): Promise<string> {
    const id = randomUUID();
    await m.insert(AuctionBid, {
      id,
      lotId: lot.id,
      seq: lot.bidCount,
      bidderOrgId: principal.orgId,
      bidderUserId: principal.userId ?? null,
      kind,
      maxAmount,
      leaderOrgId: lot.leaderOrgId!,
      priceAfter: lot.currentPrice!,
      endsAtAfter: lot.endsAt,
      placedAt: now,
    });
    return id;
  }

  private async recordOutbid(m: EntityManager, lot: AuctionLot, outbid: string): Promise<void> {
    await this.outbox.record(m, {
      type: 'auction.outbid' as const,
      aggregateType: 'auction_lot',
      aggregateId: lot.id,
      orgIds: [outbid],
      payload: { ...lotRef(lot), outbid_org_id: outbid, current_price: { amount: lot.currentPrice!, currency: lot.currency }, ends_at: lot.endsAt.toISOString() },
    });
  }
}
