import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { JobsModule } from '../jobs/jobs.module';
import { PartnersModule } from '../partners/partners.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { Award } from './award.entity';
import { AwardDeadlineJob } from './award-deadline.job';
import { AwardService } from './award.service';
import { Bid } from './bid.entity';
import { BidsService } from './bids.service';
import { FeeScheduleVersion } from './fee-schedule.entity';
import { FeeSchedulesController } from './fee-schedules.controller';
import { FeeSchedulesService } from './fee-schedules.service';
import { ListingEligibilityService } from './listing-eligibility.service';
import { Listing, ListingCase, Lot } from './listing.entity';
import { ListingsController } from './listings.controller';
import { ListingBuilder } from './listing-builder.service';
import { ListingQueriesService } from './listing-queries.service';
import { ListingsService } from './listings.service';
import { PartnerStatsRow } from './partner-stats.entity';
import { PartnerFieldStatsSubscriber } from './partner-field-stats.subscriber';
import { AnalyticsModule } from '../analytics/analytics.module';
import { PartnerComplianceStatsSubscriber } from './partner-compliance-stats.subscriber';
import { PartnerComplaintStatsSubscriber } from './partner-complaint-stats.subscriber';
import { PartnerStatsSubscriber } from './partner-stats.subscriber';

/**
 * Marketplace (DESIGN §5): fee schedules and quotes, listings, bids, explainable scoring,
 * portfolio lots and the award. It registers the re-offer policy with the jobs module.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([FeeScheduleVersion, Listing, ListingCase, Lot, Bid, Award, PartnerStatsRow]),
    AuthModule,
    CasesModule,
    AnalyticsModule,
    VehiclesModule,
    PartnersModule,
    JobsModule,
  ],
  controllers: [FeeSchedulesController, ListingsController],
  providers: [
    FeeSchedulesService,
    ListingEligibilityService,
    ListingQueriesService,
    ListingBuilder,
    ListingsService,
    BidsService,
    AwardService,
    AwardDeadlineJob,
    PartnerStatsSubscriber,
    PartnerComplianceStatsSubscriber,
    PartnerComplaintStatsSubscriber,
    PartnerFieldStatsSubscriber,
  ],
  exports: [ListingsService],
})
export class MarketplaceModule {}
