import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
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
import { coversUpTo } from './domain/deposit-cover';
import { CreateDepositDto } from './dto/auction.dto';

type DepositView = ReturnType<typeof presentDeposit>;

/**
 * Deposits (DESIGN §7): a card authorisation per buyer and lot, made at Stripe before anything is
 * written (`DepositHolds` reads and releases them under the lot's lock).
 */
@Injectable()
export class DepositsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lots: AuctionsService,
    private readonly holds: StripeHoldsService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreateDepositDto): Promise<DepositView> {
    await this.lots.assertMayBrowse(principal);
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

    const hold = await this.holds.authorise({
      amount,
      currency: lot.currency,
      paymentMethod: dto.payment_method,
      orgId: buyer,
      idempotencyKey: `auction-deposit-${lot.id}-${buyer}-${amount}-${dto.payment_method}`,
      metadata: { lot_id: lot.id },
    });
    if (!hold.authorised) throw AuctionErrors.depositDeclined(hold.declineCode, hold.message);
    try {
      const deposit = await this.dataSource.transaction(async (m) => {
        const now = this.clock.now();
        const row = m.create(AuctionDeposit, {
          id: randomUUID(),
          lotId: lot.id,
          buyerOrgId: buyer,
          amount,
          currency: lot.currency,
          coversUpTo: coversUpTo(amount),
          paymentIntentId: hold.intentId,
          status: 'authorised',
          createdAt: now,
          updatedAt: now,
          releasedAt: null,
        });
        await m.insert(AuctionDeposit, row);
        const money = (a: number) => ({ amount: a, currency: lot.currency });
        await this.outbox.record(m, {
          type: 'auction.deposit_authorised' as const,
          aggregateType: 'auction_deposit',
          aggregateId: row.id,
          orgIds: [buyer],
          payload: { deposit_id: row.id, lot_id: lot.id, buyer_org_id: buyer, amount: money(amount), covers_up_to: money(row.coversUpTo), payment_intent_id: hold.intentId },
        });
        return row;
      });
      return presentDeposit(deposit);
    } catch (e) {
      // A parallel request with the same amount got the same intent (one Stripe key) and wrote it first.
      if (!isUniqueViolation(e)) throw e;
      const winner = await this.dataSource.manager.findOneByOrFail(AuctionDeposit, { lotId: lot.id, buyerOrgId: buyer });
      throw AuctionErrors.depositExists(winner.id);
    }
  }

  async mine(principal: Principal, query: PageQuery): Promise<Page<DepositView>> {
    const qb = this.dataSource.getRepository(AuctionDeposit).createQueryBuilder('d').where('d.buyerOrgId = :buyer', { buyer: principal.orgId });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(presentDeposit), next_cursor: nextCursor };
  }
}
