import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '../partners/partners.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { AuctionBid, AuctionLot } from './auction-lot.entity';
import { AuctionBiddingService } from './auction-bidding.service';
import { AuctionsController } from './auctions.controller';
import { AuctionsService } from './auctions.service';
import { LotCloseJob, LotOpenJob } from './lot-timers.job';

/** Vehicle auctions (DESIGN §7): lots, proxy bids, buy-now, anti-sniping, open and close timers. */
@Module({
  imports: [TypeOrmModule.forFeature([AuctionLot, AuctionBid]), VehiclesModule, PartnersModule],
  controllers: [AuctionsController],
  providers: [AuctionsService, AuctionBiddingService, LotOpenJob, LotCloseJob],
})
export class AuctionsModule {}
