import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ExplanationRequestDueJob } from './explanation-request-due.job';
import { ExplanationRequestsService } from './explanation-requests.service';
import { Settlement, SettlementExplanationRequest, SettlementLine } from './settlement.entity';
import { SettlementQueriesService } from './settlement-queries.service';
import { SettlementService } from './settlement.service';
import { SettlementsController } from './settlements.controller';

/**
 * Sale settlement (issue 16): a sale's proceeds applied in UCC §9-615(a) order and posted to the
 * ledger, the §9-616 explanation, the surplus tracked until paid. The auction calls
 * `SettlementService.settle` inside the transaction that records its invoice paid.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Settlement, SettlementLine, SettlementExplanationRequest]), AuthModule, CasesModule, LedgerModule],
  controllers: [SettlementsController],
  providers: [SettlementService, SettlementQueriesService, ExplanationRequestsService, ExplanationRequestDueJob],
  exports: [SettlementService],
})
export class SettlementModule {}
