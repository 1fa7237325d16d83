import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../../common/tenancy/decorators';
import { Principal } from '../../common/tenancy/principal';
import { CreatePayoutDto, PayoutListQuery } from './dto/payout.dto';
import { PayoutsService } from './payouts.service';
import { PayoutSchema } from './stripe.openapi';

/** Payouts to partners (DESIGN §8 "Statements and payouts"). */
@ApiTags('money')
@Controller('payouts')
export class PayoutsController {
  constructor(private readonly payouts: PayoutsService) {}

  @OrgKinds('agency', 'tow_operator', 'platform')
  @Roles('owner', 'manager', 'admin')
  @Post()
  @ApiSummary(
    'Pay a partner what it is owed',
    'Pays the partner payable in `currency` in full: by a Stripe Connect transfer to the partner’s payout account, or (platform admins, `method: manual`) records a wire made off-platform. One attempt at a time per partner and currency: parallel requests make one transfer. A refused transfer answers 422 `payout.transfer_declined` with Stripe’s reason; the payable stays open and nothing is posted.',
  )
  @ApiAnswer(PayoutSchema, { status: 201 })
  @ApiProblems(400, 404, 409, 422, 503)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePayoutDto) {
    return this.payouts.request(principal, dto);
  }

  @OrgKinds('agency', 'tow_operator', 'platform')
  @Get()
  @ApiSummary('List payouts', 'A partner sees its own; platform staff all (or one partner’s with `partner_org_id`).')
  @ApiPage(PayoutSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: PayoutListQuery) {
    return this.payouts.list(principal, query);
  }

  @OrgKinds('agency', 'tow_operator', 'platform')
  @Get(':id')
  @ApiSummary('Read a payout')
  @ApiAnswer(PayoutSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.payouts.get(principal, id);
  }
}
