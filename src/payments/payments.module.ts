import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { JobsModule } from '../jobs/jobs.module';
import { LedgerModule } from '../ledger/ledger.module';
import { Payment } from './payment.entity';
import { PaymentQueriesService } from './payment-queries.service';
import { PaymentsController, PlatformFeesController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { PlatformFeeSchedule } from './platform-fee-schedule.entity';
import { PlatformFeesService } from './platform-fees.service';

/**
 * Money on cases (DESIGN §8): confirmed payments and their commissions, the platform fee
 * schedule, partner statements. Everything it owes or is owed is posted to the ledger.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Payment, PlatformFeeSchedule]), CasesModule, JobsModule, LedgerModule],
  controllers: [PaymentsController, PlatformFeesController],
  providers: [PaymentsService, PaymentQueriesService, PlatformFeesService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
