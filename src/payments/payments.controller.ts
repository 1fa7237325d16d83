import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ConfirmPaymentDto, PlatformFeeScheduleDto, ReversePaymentDto } from './dto/payment.dto';
import { PaymentQueriesService } from './payment-queries.service';
import { PaymentsService } from './payments.service';
import { CostToCollectSchema, PaymentSchema, PlatformFeeScheduleSchema } from './payments.openapi';
import { PlatformFeesService } from './platform-fees.service';

const CONFIRMERS = ['owner', 'manager', 'agent'] as const;

/** Confirmed payments on cases (DESIGN §8, §11) and the cost to collect they produce (§10). */
@ApiTags('money')
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly queries: PaymentQueriesService,
  ) {}

  @OrgKinds('lender')
  @Roles(...CONFIRMERS)
  @Post('cases/:id/payments')
  @ApiSummary(
    'Confirm a payment on a case',
    "Allocated fees → interest → principal; the case's balances go down (resolved when nothing is due) and the job that earned it accrues its commission at its frozen terms. A payment above the total due is 422 with the amounts. Idempotency-Key honoured.",
  )
  @ApiAnswer(PaymentSchema, { status: 201 })
  @ApiProblems(404, 409, 422)
  confirm(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ConfirmPaymentDto) {
    return this.payments.confirm(principal, id, dto);
  }

  @OrgKinds('lender')
  @Get('cases/:id/payments')
  @ApiSummary("A case's payments", 'Newest first, with the cost to collect over its confirmed payments.')
  @ApiPage(PaymentSchema, { extra: { cost_to_collect: CostToCollectSchema } })
  @ApiProblems(404)
  forCase(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.queries.forCase(principal, id, query);
  }

  @Get('jobs/:id/payments')
  @ApiSummary("A job's payments", 'The payments that earned the job its commission, for its lender and its partner, with the cost to collect.')
  @ApiPage(PaymentSchema, { extra: { cost_to_collect: CostToCollectSchema } })
  @ApiProblems(404)
  forJob(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.queries.forJob(principal, id, query);
  }

  @Get('payments/:id')
  @ApiSummary('Read a payment', 'For the lender that confirmed it and the partner it earned a commission.')
  @ApiAnswer(PaymentSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.queries.get(principal, id);
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post('payments/:id/reverse')
  @HttpCode(200)
  @ApiSummary('Reverse a payment', 'Its allocation goes back on the case and its commission is reversed in the ledger; once.')
  @ApiAnswer(PaymentSchema)
  @ApiProblems(404, 409)
  reverse(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReversePaymentDto) {
    return this.payments.reverse(principal, id, dto.reason);
  }
}

/** The platform's fee schedule (DESIGN §8), set by platform admins. */
@ApiTags('money')
@Controller('admin/platform-fee-schedules')
@OrgKinds('platform')
export class PlatformFeesController {
  constructor(private readonly fees: PlatformFeesService) {}

  @Roles('admin')
  @Post()
  @ApiSummary('Set the platform fee schedule of a currency', 'A new version, effective now; jobs keep the version in force when their terms were frozen.')
  @ApiAnswer(PlatformFeeScheduleSchema, { status: 201 })
  set(@CurrentPrincipal() principal: Principal, @Body() dto: PlatformFeeScheduleDto) {
    return this.fees.set(principal, dto);
  }

  @Get()
  @ApiSummary('Platform fee schedules', 'Every version, by currency, newest first.')
  @ApiPage(PlatformFeeScheduleSchema, { description: 'Every version (one page)' })
  list(@Query() _query: PageQuery) {
    return this.fees.list();
  }
}
