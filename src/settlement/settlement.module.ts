import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { JobsModule } from '../jobs/jobs.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MarketplaceModule } from '../marketplace/marketplace.module';
import { PartnersModule } from '../partners/partners.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { ExplanationRequestDueJob } from './explanation-request-due.job';
import { ExplanationRequestsService } from './explanation-requests.service';
import { Settlement, SettlementExplanationRequest, SettlementLine } from './settlement.entity';
import { SETTLEMENT_INPUT_ENTITIES } from './settlement-inputs.entity';
import { SettlementInputsController } from './settlement-inputs.controller';
import { SettlementInputsService } from './settlement-inputs.service';
import { SettlementQueriesService } from './settlement-queries.service';
import { SettlementService } from './settlement.service';
import { SettlementsController } from './settlements.controller';

/**
 * Sale settlement (issue 16): a sale's proceeds applied in UCC §9-615(a) order and posted to the
 * ledger, the §9-616 explanation, the surplus tracked until paid. The auction calls
 * `SettlementService.settleAuctionSale` inside the transaction that records its invoice paid.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Settlement, SettlementLine, SettlementExplanationRequest, ...SETTLEMENT_INPUT_ENTITIES]), AuthModule, CasesModule, LedgerModule, VehiclesModule, JobsModule, PartnersModule, MarketplaceModule],
  controllers: [SettlementsController, SettlementInputsController],
  providers: [SettlementService, SettlementInputsService, SettlementQueriesService, ExplanationRequestsService, ExplanationRequestDueJob],
  exports: [SettlementService],
})
export class SettlementModule {}
