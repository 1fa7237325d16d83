import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CreateSaleNoticeDto } from './dto/sale-notice.dto';
import { SaleNoticeSchema } from './sale-notices.openapi';
import { SaleNoticesService } from './sale-notices.service';

/** The notice of plan to sell a repossessed vehicle (DESIGN §7, UCC §9-611/§9-614). */
@ApiTags('auctions')
@Controller('vehicles')
export class SaleNoticesController {
  constructor(private readonly notices: SaleNoticesService) {}

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/sale-notice')
  @ApiSummary(
    'Record the notice of plan to sell sent to the borrower',
    'UCC §9-611/§9-614: the date and method it was sent, a contact, and the expenses so far; the redemption amount is the case’s total due plus those expenses, and the deficiency warning and the full text are kept as sent (never changed; a later notice is a new record and restarts the period). A lot of the vehicle opens only once the notice period of the borrower’s region has passed (10 days by default, US-CA 15). The vehicle must be repossessed and the collateral of a case.',
  )
  @ApiAnswer(SaleNoticeSchema, { status: 201 })
  @ApiProblems(404, 422)
  record(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CreateSaleNoticeDto) {
    return this.notices.record(principal, id, dto);
  }

  @OrgKinds('lender')
  @Get(':id/sale-notice')
  @ApiSummary('Read the latest notice of plan to sell', 'As it was sent: its facts, the redemption amount and its text.')
  @ApiAnswer(SaleNoticeSchema)
  @ApiProblems(404)
  latest(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.notices.latestOf(principal, id);
  }
}
