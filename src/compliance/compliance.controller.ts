import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ComplianceRulesService } from './compliance-rules.service';
import { ComplianceService } from './compliance.service';
import { ComplianceCheckSchema, ComplianceRuleSetListSchema, ComplianceRuleSetSchema } from './compliance.openapi';
import { ComplianceCheckDto, PutComplianceRulesDto, RuleSetsQueryDto } from './dto/compliance.dto';

/** "May I contact now?" for the agency on the case and its lender (issue 13). */
@ApiTags('compliance')
@Controller('compliance')
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

  @Post('check')
  @HttpCode(200)
  @ApiSummary('May I contact now?', 'Evaluates a contact with the borrower of a case against the rules in force, counting every agency of the lender; answers the reasons and the earliest moment it would pass.')
  @ApiAnswer(ComplianceCheckSchema)
  @ApiProblems(400, 404)
  check(@CurrentPrincipal() principal: Principal, @Body() dto: ComplianceCheckDto) {
    return this.compliance.check(principal, dto);
  }
}

/** The rule sets, edited by platform staff (issue 13 §1). */
@ApiTags('compliance')
@OrgKinds('platform')
@Roles('admin', 'compliance')
@Controller('admin/compliance-rules')
export class ComplianceRulesAdminController {
  constructor(private readonly rules: ComplianceRulesService) {}

  @Get()
  @ApiSummary('List the compliance rule sets', 'Every version of every jurisdiction, newest first per jurisdiction.')
  @ApiAnswer(ComplianceRuleSetListSchema)
  @ApiProblems(400)
  list(@Query() query: RuleSetsQueryDto) {
    return this.rules.list(query);
  }

  @Put()
  @ApiSummary('Write the next version of a rule set', 'The whole set of one jurisdiction, effective from a moment; past versions stay as they were. Audited with the rules before and after.')
  @ApiAnswer(ComplianceRuleSetSchema)
  @ApiProblems(400)
  replace(@CurrentPrincipal() principal: Principal, @Body() dto: PutComplianceRulesDto) {
    return this.rules.replace(principal, dto);
  }
}
