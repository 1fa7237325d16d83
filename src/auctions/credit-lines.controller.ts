import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CreditLineSchema } from './auctions.openapi';
import { CreditLinesService } from './credit-lines.service';
import { SetCreditLineDto } from './dto/auction.dto';

/** A buyer's own credit line (issue 15). */
@ApiTags('auctions')
@Controller('me/credit-line')
export class MyCreditLineController {
  constructor(private readonly lines: CreditLinesService) {}

  @OrgKinds('buyer')
  @Get()
  @ApiSummary('My credit line', 'The limit a platform admin set, whether it is active or suspended (a default suspends it), and what your standing deposit and credit line answer for now (`exposure`); 404 when you have none.')
  @ApiAnswer(CreditLineSchema)
  @ApiProblems(404)
  mine(@CurrentPrincipal() principal: Principal) {
    return this.lines.get(principal.orgId);
  }
}

/** Buyers' credit lines (issue 15): platform admins only. */
@ApiTags('auctions')
@OrgKinds('platform')
@Roles('admin')
@Controller('admin/buyers')
export class CreditLinesAdminController {
  constructor(private readonly lines: CreditLinesService) {}

  @Put(':orgId/credit-line')
  @ApiSummary(
    'Set a buyer’s credit line',
    'Active at `limit` (its currency is that of the lots it covers): with the buyer’s standing deposit it covers the buyer’s leading maxima and won, unpaid lots across lots. Setting it again changes or reinstates it (after a default suspended it). Audited with before and after.',
  )
  @ApiAnswer(CreditLineSchema)
  @ApiProblems(404, 409)
  set(@CurrentPrincipal() principal: Principal, @Param('orgId') orgId: string, @Body() dto: SetCreditLineDto) {
    return this.lines.set(principal, orgId, dto);
  }

  @Get(':orgId/credit-line')
  @ApiSummary('A buyer’s credit line', 'Its limit, status (a default suspends it) and what the buyer’s pool answers for now (`exposure`).')
  @ApiAnswer(CreditLineSchema)
  @ApiProblems(404)
  get(@Param('orgId') orgId: string) {
    return this.lines.get(orgId);
  }
}
