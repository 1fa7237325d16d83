import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiAnswer, ApiProblems, ApiSummary } from '../../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../../common/tenancy/decorators';
import { Principal } from '../../common/tenancy/principal';
import { PayoutAccountsService } from './payout-accounts.service';
import { PayoutAccountSchema } from './stripe.openapi';

/** A partner's Stripe Connect account for payouts (issue 14). */
@ApiTags('partners')
@Controller('partner-profile/payout-account')
export class PayoutAccountController {
  constructor(private readonly accounts: PayoutAccountsService) {}

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post()
  @ApiSummary(
    'Open my payout account',
    'Creates the org’s Stripe Connect (Express) account on the first call (201) and answers it with a fresh onboarding link on every call (200 after the first). Its status follows Stripe’s account.updated events.',
  )
  @ApiAnswer(PayoutAccountSchema, { status: 201, description: 'Created, with its onboarding link' })
  @ApiAnswer(PayoutAccountSchema, { description: 'The existing account, with a fresh onboarding link' })
  @ApiProblems(503)
  async open(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, view } = await this.accounts.open(principal);
    void reply.status(created ? 201 : 200);
    return view;
  }

  @OrgKinds('agency', 'tow_operator')
  @Get()
  @ApiSummary('Read my payout account', 'Its status as Stripe last reported it; `onboarding_url` is null here (POST for a link).')
  @ApiAnswer(PayoutAccountSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal) {
    return this.accounts.get(principal);
  }
}
