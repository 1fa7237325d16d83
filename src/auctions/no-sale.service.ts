import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { VehiclesService } from '../vehicles/vehicles.service';
import { AuctionLot } from './auction-lot.entity';
import { AuctionErrors } from './auctions.errors';
import { presentInvoice, presentLot } from './auctions.presenter';
import { AuctionsService, lotRef, OPEN_LOT_STATUSES } from './auctions.service';
import { highBidAcceptDeadline } from './domain/second-chance';
import { InvoicesService } from './invoices.service';
import { SecondChanceErrors } from './second-chance.errors';
import { lockLot } from './lot-lock';

/**
 * DESIGN §7: a lot that closed below its reserve (`no_sale`) — its lender may accept the high bid
 * within 24 h of the close (sold to the high bidder at the current price, on an invoice), or
 * relist the vehicle as a new lot. Decided under the lot's lock and the vehicle's.
 */
@Injectable()
export class NoSaleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lots: AuctionsService,
    private readonly vehicles: VehiclesService,
    private readonly invoices: InvoicesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async acceptHighBid(principal: Principal, lotId: string) {
    if (!isUuid(lotId)) throw AuctionErrors.lotNotFound();
    return this.dataSource.transaction(async (m) => {
      const lot = await lockLot(m, lotId);
      if (!lot || lot.orgId !== principal.orgId) throw AuctionErrors.lotNotFound();
      const now = this.clock.now();
      if (lot.status !== 'no_sale') throw SecondChanceErrors.notNoSale(lot.status);
      if (!lot.leaderOrgId || lot.currentPrice === null || !lot.closedAt) throw SecondChanceErrors.noHighBid();
      const deadline = highBidAcceptDeadline(lot.closedAt);
      if (now.getTime() > deadline.getTime()) throw SecondChanceErrors.highBidWindowPassed(deadline);
      // A relisted vehicle (or one redeemed, or moved on) is no longer this lot's to sell.
      const vehicle = await this.vehicles.lockForSale(m, lot.orgId, lot.vehicleId);
      if (!vehicle || vehicle.status !== 'in_storage') throw SecondChanceErrors.vehicleRelisted();
      if (await m.existsBy(AuctionLot, { vehicleId: lot.vehicleId, status: In([...OPEN_LOT_STATUSES]) })) throw SecondChanceErrors.vehicleRelisted();
      lot.hammerPrice = lot.currentPrice;
      lot.soldBy = 'auction';
      await this.lots.move(m, lot, 'sold', now);
      await this.vehicles.moveForSale(m, lot.orgId, lot.vehicleId, 'listed', `auction lot ${lot.id}: the lender accepts the high bid`);
      await this.vehicles.moveForSale(m, lot.orgId, lot.vehicleId, 'sold', `auction lot ${lot.id} sold: high bid accepted below the reserve`);
      // The bidders' holds were released when the lot closed without a sale: none is applied.
      const invoice = await this.invoices.issue(m, lot, { buyerOrgId: lot.leaderOrgId, hammer: lot.currentPrice, depositHeld: 0, issuedAt: now });
      await this.outbox.record(m, {
        type: 'auction.high_bid_accepted' as const,
        aggregateType: 'auction_lot',
        aggregateId: lot.id,
        orgIds: [lot.orgId, lot.leaderOrgId],
        payload: { ...lotRef(lot), buyer_org_id: lot.leaderOrgId, hammer_price: { amount: lot.currentPrice, currency: lot.currency }, invoice_id: invoice.id },
      });
      return { lot: presentLot(lot, { now, isOwner: true, buyerOrgId: null, standing: null }), invoice: presentInvoice(invoice) };
    });
  }
}
