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
import { Statement, StatementLine } from './statement.entity';
import { StatementsController } from './statements.controller';
import { StatementsMonthlyJob } from './statements-monthly.job';
import { StatementsService } from './statements.service';

/**
 * Money on cases (DESIGN §8): confirmed payments and their commissions, the platform fee
 * schedule, partner statements. Everything it owes or is owed is posted to the ledger.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Payment, PlatformFeeSchedule, Statement, StatementLine]), CasesModule, JobsModule, LedgerModule],
  controllers: [PaymentsController, PlatformFeesController, StatementsController],
  providers: [PaymentsService, PaymentQueriesService, PlatformFeesService, StatementsService, StatementsMonthlyJob],
  exports: [PaymentsService, StatementsService],
})
export class PaymentsModule {}
