import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { RepossessionDutiesModule } from '../jobs/duties/duties.module';
import { JobsModule } from '../jobs/jobs.module';
import { PartnersModule } from '../partners/partners.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { AnalyticsController } from './analytics.controller';
import { PartnerScorecardSubscriber } from './partner-scorecard.subscriber';
import { PortfolioFacts } from './portfolio-facts.service';
import { PortfolioQueries } from './portfolio-queries.service';
import { PortfolioSubscriber } from './portfolio.subscriber';
import { ScorecardFacts } from './scorecard-facts.service';
import { ScorecardQueries } from './scorecard-queries.service';

/**
 * Analytics (DESIGN §10, issue 17): read models kept current from events, and the reports over
 * them. The marketplace's award score reads partners' records through `ScorecardQueries`.
 */
@Module({
  imports: [JobsModule, RepossessionDutiesModule, CasesModule, VehiclesModule, PartnersModule],
  controllers: [AnalyticsController],
  providers: [ScorecardFacts, ScorecardQueries, PartnerScorecardSubscriber, PortfolioFacts, PortfolioQueries, PortfolioSubscriber],
  exports: [ScorecardQueries],
})
export class AnalyticsModule {}
