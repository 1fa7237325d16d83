import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CreateFeeScheduleDto, QuoteDto, ReviseFeeScheduleDto } from './dto/fee-schedule.dto';
import { FeeSchedulesService } from './fee-schedules.service';

const WRITERS = ['owner', 'manager'] as const;

/** Fee schedules (DESIGN §5): a lender's versioned terms, and the quote anyone may ask for. */
@ApiTags('marketplace')
@ApiBearerAuth()
@Controller('fee-schedules')
export class FeeSchedulesController {
  constructor(private readonly schedules: FeeSchedulesService) {}

  /** Any org may price an inline schedule; a stored one only its lender. */
  @Post('quote')
  @HttpCode(200)
  quote(@CurrentPrincipal() principal: Principal, @Body() dto: QuoteDto) {
    return this.schedules.quote(principal, dto);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateFeeScheduleDto) {
    return this.schedules.create(principal, dto);
  }

  @OrgKinds('lender')
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.schedules.list(principal, query);
  }

  @OrgKinds('lender')
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.schedules.get(principal, id);
  }

  /** An edit is a new version; the versions listings and jobs use never change. */
  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/versions')
  revise(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReviseFeeScheduleDto) {
    return this.schedules.revise(principal, id, dto);
  }
}
