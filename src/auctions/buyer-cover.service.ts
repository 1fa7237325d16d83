import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AuctionDeposit, AuctionLot } from './auction-lot.entity';
import { AuctionErrors } from './auctions.errors';
import { AuctionCreditLine } from './credit-line.entity';
import { DepositHolds } from './deposit-holds.service';
import { BidderCover, coverFor, CoverReach, coverReach, CoverVerdict, exposureOf, Position } from './domain/deposit-cover';
import { ROW_LOCK } from '../common/database/row-lock';

/** What a buyer's bids across lots are answered for by, in one currency: its standing deposit and credit line. */
export interface Pool {
  readonly standing: AuctionDeposit | null;
  /** The buyer's credit line, whatever its status and currency (a default suspends it). */
  readonly credit: AuctionCreditLine | null;
}

/**
 * The cover of a buyer's bids across lots (issue 15): its standing deposit and credit line, pooled. Everything
 * that decides on the pool — a bid, a release, a forfeit — locks the pool's rows first (after the
 * lot's lock where a lot is involved), so two bids on two lots never both pass on the same cover.
 */
@Injectable()
export class BuyerCover {
  constructor(
    private readonly holds: DepositHolds,
    private readonly clock: Clock,
  ) {}

  /** The pool's rows, locked, the credit line first: the buyer's credit line and authorised standing deposit in the currency (lapsed or not). */
  async lockPool(m: EntityManager, buyerOrgId: string, currency: string): Promise<Pool> {
    const credit = await m.getRepository(AuctionCreditLine).createQueryBuilder('c').where('c.buyerOrgId = :buyerOrgId', { buyerOrgId }).setLock(ROW_LOCK).getOne();
    const standing = await m
      .getRepository(AuctionDeposit)
      .createQueryBuilder('d')
      .where('d.buyerOrgId = :buyerOrgId AND d.currency = :currency AND d.lotId IS NULL AND d.status = :status', { buyerOrgId, currency, status: 'authorised' })
      .setLock(ROW_LOCK)
      .getOne();
    return { standing, credit };
  }

  /** The credit line's limit where it covers bids in the currency (active, same currency), else null. */
  creditLimitIn(line: AuctionCreditLine | null, currency: string): number | null {
    return line && line.status === 'active' && line.currency === currency ? line.limit : null;
  }

  /** The buyer's standing deposit in a currency, unlocked (what a reader of a lot sees). */
  standingOf(m: EntityManager, buyerOrgId: string, currency: string): Promise<AuctionDeposit | null> {
    return m.findOneBy(AuctionDeposit, { buyerOrgId, currency, lotId: IsNull(), status: 'authorised' });
  }

  /**
   * The buyer's positions on lots with a deposit in the currency: leading a live lot (its maximum)
   * or winner of a lot whose invoice is open (the hammer price), with what its lot deposit covers.
   */
  async positionsOf(m: EntityManager, buyerOrgId: string, currency: string): Promise<Position[]> {
    const rows: { lot_id: string; amount: string; covers: string | null }[] = await m.query(
      `SELECT l.id AS lot_id, l.leader_max AS amount, d.covers_up_to AS covers
         FROM auction_lots l
         LEFT JOIN auction_deposits d ON d.lot_id = l.id AND d.buyer_org_id = $1 AND d.status = 'authorised'
        WHERE l.status = 'live' AND l.leader_org_id = $1 AND l.currency = $2 AND l.deposit_required > 0
       UNION ALL
       SELECT i.lot_id, i.hammer_price, d.covers_up_to
         FROM auction_invoices i
         JOIN auction_lots l ON l.id = i.lot_id
         LEFT JOIN auction_deposits d ON d.lot_id = i.lot_id AND d.buyer_org_id = $1 AND d.status IN ('held_for_invoice', 'applied')
        WHERE i.status = 'open' AND i.buyer_org_id = $1 AND i.currency = $2 AND l.deposit_required > 0`,
      [buyerOrgId, currency],
    );
    return rows.map((r) => ({ lotId: r.lot_id, amount: Number(r.amount), lotDepositCovers: r.covers === null ? null : Number(r.covers) }));
  }

  /** Whether the pool still covers the standing deposit (Stripe has not let it lapse). */
  live(deposit: AuctionDeposit | null): deposit is AuctionDeposit {
    return deposit !== null && (deposit.expiresAt === null || deposit.expiresAt.getTime() > this.clock.now().getTime());
  }

  /**
   * What covers `max` on the lot for the bidder; under the lot's lock, and the pool's when the lot
   * deposit alone does not cover it.
   */
  async verdict(m: EntityManager, lot: AuctionLot, bidder: string, max: number): Promise<{ verdict: CoverVerdict; held: BidderCover; lotDeposit: AuctionDeposit | null }> {
    const deposit = await this.holds.coverOf(m, lot.id, bidder);
    const lotDeposit = deposit?.coversUpTo ?? null;
    const none: BidderCover = { lotDeposit, standing: null, creditLimit: null, exposureElsewhere: 0 };
    if (lot.depositRequired === 0 || (lotDeposit !== null && max <= lotDeposit)) return { verdict: coverFor(max, lot.depositRequired, none), held: none, lotDeposit: deposit };
    const pool = await this.lockPool(m, bidder, lot.currency);
    const standing = this.live(pool.standing) ? { amount: pool.standing.amount, coversUpTo: pool.standing.coversUpTo } : null;
    const creditLimit = this.creditLimitIn(pool.credit, lot.currency);
    const exposureElsewhere = standing || creditLimit !== null ? exposureOf(await this.positionsOf(m, bidder, lot.currency), lot.id) : 0;
    const held: BidderCover = { lotDeposit, standing, creditLimit, exposureElsewhere };
    return { verdict: coverFor(max, lot.depositRequired, held), held, lotDeposit: deposit };
  }

  /** How far the buyer's cover reaches on each lot (null: the lot needs no deposit), as a reader sees it, unlocked. */
  async reachOn(m: EntityManager, buyerOrgId: string, lots: readonly AuctionLot[]): Promise<Map<string, CoverReach | null>> {
    const reach = new Map<string, CoverReach | null>(lots.map((l) => [l.id, null]));
    const withDeposit = lots.filter((l) => l.depositRequired > 0);
    if (withDeposit.length === 0) return reach;
    const lotDeposits = await m.find(AuctionDeposit, { where: { buyerOrgId, lotId: In(withDeposit.map((l) => l.id)), status: 'authorised' } });
    const credit = await m.findOneBy(AuctionCreditLine, { buyerOrgId });
    for (const currency of new Set(withDeposit.map((l) => l.currency))) {
      const row = await this.standingOf(m, buyerOrgId, currency);
      const standing = this.live(row) ? { amount: row.amount, coversUpTo: row.coversUpTo } : null;
      const creditLimit = this.creditLimitIn(credit, currency);
      const positions = standing || creditLimit !== null ? await this.positionsOf(m, buyerOrgId, currency) : [];
      for (const lot of withDeposit.filter((l) => l.currency === currency)) {
        const lotDeposit = lotDeposits.find((d) => d.lotId === lot.id)?.coversUpTo ?? null;
        reach.set(lot.id, coverReach(lot.depositRequired, { lotDeposit, standing, creditLimit, exposureElsewhere: exposureOf(positions, lot.id) }));
      }
    }
    return reach;
  }

  /** Refuses a maximum the bidder's cover does not reach, naming the amounts. */
  async assertCovered(m: EntityManager, lot: AuctionLot, bidder: string, max: number): Promise<void> {
    const { verdict, held, lotDeposit } = await this.verdict(m, lot, bidder, max);
    if (verdict.covered) return;
    const money = (amount: number) => ({ amount, currency: lot.currency });
    const amounts = { max: money(max), covered: money(verdict.covers), shortfall: money(verdict.shortfall) };
    if (verdict.sources.length === 0) throw AuctionErrors.depositRequired(money(lot.depositRequired), amounts);
    if (verdict.sources.length === 1 && verdict.sources[0] === 'lot_deposit') throw AuctionErrors.depositTooSmall(amounts, money(lotDeposit!.amount), money(lotDeposit!.coversUpTo));
    throw AuctionErrors.bidNotCovered(amounts, verdict.sources, money(held.exposureElsewhere), money(lot.depositRequired));
  }
}
