import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '../partners/partners.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { AuctionBid, AuctionDeposit, AuctionInvoice, AuctionLot } from './auction-lot.entity';
import { AuctionBiddingService } from './auction-bidding.service';
import { AuctionsController, DepositsController } from './auctions.controller';
import { AuctionStreamController } from './auction-stream.controller';
import { AuctionStream } from './auction-stream.service';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { SaleNotice } from './sale-notice.entity';
import { SaleNoticesController } from './sale-notices.controller';
import { SaleNoticesService } from './sale-notices.service';
import { Redemption } from './redemption.entity';
import { RedemptionsController } from './redemptions.controller';
import { RedemptionsService } from './redemptions.service';
import { DepositHolds } from './deposit-holds.service';
import { DepositsService } from './deposits.service';
import { InvoicesService } from './invoices.service';
import { StripeModule } from '../payments/stripe/stripe.module';
import { AuctionsService } from './auctions.service';
import { DepositReleaseJob, LotCloseJob, LotOpenJob } from './lot-timers.job';

/** Vehicle auctions (DESIGN §7): lots, proxy bids, buy-now, anti-sniping, deposit holds, open and close timers. */
@Module({
  imports: [TypeOrmModule.forFeature([AuctionLot, AuctionBid, AuctionDeposit, AuctionInvoice, SaleNotice, Redemption]), VehiclesModule, PartnersModule, StripeModule, CasesModule, AuthModule],
  controllers: [AuctionsController, DepositsController, AuctionStreamController, SaleNoticesController, RedemptionsController],
  providers: [AuctionsService, AuctionBiddingService, DepositsService, DepositHolds, InvoicesService, LotOpenJob, LotCloseJob, DepositReleaseJob, AuctionStream, SaleNoticesService, RedemptionsService],
})
export class AuctionsModule {}
