import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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
    'Pay a statement',
    'Pays an issued statement’s net payable: by a Stripe Connect transfer to the partner’s payout account (the statement id is the transfer’s idempotency key), or (platform admins, `method: manual`) records a wire made off-platform. Under the statement’s lock: parallel requests make one transfer, and a statement already paid answers its payout (200). A refused transfer answers 422 `payout.transfer_declined` with Stripe’s reason; the payable stays open and nothing is posted.',
  )
  @ApiAnswer(PayoutSchema, { status: 201 })
  @ApiAnswer(PayoutSchema, { description: 'Already paid: its payout' })
  @ApiProblems(400, 404, 409, 422, 503)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePayoutDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, payout } = await this.payouts.request(principal, dto);
    void reply.status(created ? 201 : 200);
    return payout;
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
