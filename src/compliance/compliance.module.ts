import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { AuditLogService } from '../common/audit/audit-log.service';
import { AuditLogController } from './audit-log.controller';
import { ComplianceController, ComplianceRulesAdminController } from './compliance.controller';
import { ComplianceRuleRow, ComplianceRuleSetRow } from './compliance-rule.entity';
import { ComplianceRulesService } from './compliance-rules.service';
import { ComplianceService } from './compliance.service';
import { ContactHistoryRow } from './contact-history.entity';

/**
 * Compliance (DESIGN §6, issue 13): contact rules as data, the evaluator every contact attempt
 * passes, the contact history it counts. The job events service calls `ComplianceService` inside
 * its transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ComplianceRuleSetRow, ComplianceRuleRow, ContactHistoryRow]), CasesModule],
  controllers: [ComplianceController, ComplianceRulesAdminController, AuditLogController],
  providers: [ComplianceService, ComplianceRulesService, AuditLogService],
  exports: [ComplianceService],
})
export class ComplianceModule {}
