import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { Clock } from './common/clock/clock';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { DemoModule } from './demo/demo.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { VehiclesModule } from './vehicles/vehicles.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PartnersModule } from './partners/partners.module';
import { MarketplaceModule } from './marketplace/marketplace.module';
import { JobsModule } from './jobs/jobs.module';
import { LedgerModule } from './ledger/ledger.module';
import { PaymentsModule } from './payments/payments.module';
import { ComplianceModule } from './compliance/compliance.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { StripeModule } from './payments/stripe/stripe.module';
import { AuctionsModule } from './auctions/auctions.module';
import { SettlementModule } from './settlement/settlement.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { RetryingDataSource } from './common/database/retrying-data-source';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config), autoLoadEntities: true }),
          dataSourceFactory: (options) => new RetryingDataSource(options!).initialize(),
        }),
        CommonModule.forRoot(options.clock),
        AuthModule,
        HealthModule,
        DemoModule,
        CasesModule,
        VehiclesModule,
        NotificationsModule,
        PartnersModule,
        MarketplaceModule,
        JobsModule,
        LedgerModule,
        PaymentsModule,
        ComplianceModule,
        ComplaintsModule,
        AuctionsModule,
        EventsModule,
        StripeModule,
        SettlementModule,
        AnalyticsModule,
      ],
    };
  }
}
