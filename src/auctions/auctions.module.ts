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
import { BuyerCover } from './buyer-cover.service';
import { AuctionCreditLine } from './credit-line.entity';
import { CreditLinesAdminController, MyCreditLineController } from './credit-lines.controller';
import { CreditLinesService } from './credit-lines.service';
import { DepositHolds } from './deposit-holds.service';
import { DepositsService } from './deposits.service';
import { InvoicesService } from './invoices.service';
import { StripeModule } from '../payments/stripe/stripe.module';
import { LedgerModule } from '../ledger/ledger.module';
import { AuctionsService } from './auctions.service';
import { AuctionRelease } from './auction-release.entity';
import { InvoicePaymentsService } from './invoice-payments.service';
import { InvoicesController, LotSettlementController } from './invoices.controller';
import { ReleasesController } from './releases.controller';
import { ReleasesService } from './releases.service';
import { JobsModule } from '../jobs/jobs.module';
import { SettlementModule } from '../settlement/settlement.module';
import { DepositReleaseJob, LotCloseJob, LotOpenJob } from './lot-timers.job';
import { InvoiceDefaultsService } from './invoice-defaults.service';
import { InvoiceDueJob } from './invoice-due.job';
import { NoSaleService } from './no-sale.service';
import { SecondChanceExpiryJob } from './second-chance-expiry.job';
import { SecondChanceOffer } from './second-chance-offer.entity';
import { NoSaleController, SecondChanceController } from './second-chance.controller';
import { SecondChanceService } from './second-chance.service';

/** Vehicle auctions (DESIGN §7): lots, proxy bids, buy-now, anti-sniping, deposit holds, open and close timers. */
@Module({
  imports: [TypeOrmModule.forFeature([AuctionLot, AuctionBid, AuctionDeposit, AuctionInvoice, AuctionRelease, SecondChanceOffer, SaleNotice, Redemption, AuctionCreditLine]), VehiclesModule, PartnersModule, StripeModule, LedgerModule, JobsModule, SettlementModule, CasesModule, AuthModule],
  controllers: [AuctionsController, DepositsController, InvoicesController, LotSettlementController, ReleasesController, SecondChanceController, NoSaleController, AuctionStreamController, SaleNoticesController, RedemptionsController, CreditLinesAdminController, MyCreditLineController],
  providers: [AuctionsService, AuctionBiddingService, DepositsService, DepositHolds, BuyerCover, CreditLinesService, InvoicesService, LotOpenJob, LotCloseJob, DepositReleaseJob, InvoicePaymentsService, ReleasesService, SecondChanceService, InvoiceDefaultsService, NoSaleService, InvoiceDueJob, SecondChanceExpiryJob, AuctionStream, SaleNoticesService, RedemptionsService],
})
export class AuctionsModule {}
