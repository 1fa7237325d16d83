import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CreateFeeScheduleDto, QuoteDto, ReviseFeeScheduleDto } from './dto/fee-schedule.dto';
import { FeeSchedulesService } from './fee-schedules.service';
import { FeeQuoteSchema, FeeScheduleSchema, FeeScheduleWithVersionsSchema } from './marketplace.openapi';

const WRITERS = ['owner', 'manager'] as const;

/** Fee schedules (DESIGN §5): a lender's versioned terms, and the quote anyone may ask for. */
@ApiTags('marketplace')
@Controller('fee-schedules')
export class FeeSchedulesController {
  constructor(private readonly schedules: FeeSchedulesService) {}

  /** Any org may price an inline schedule; a stored one only its lender. */
  @Post('quote')
  @HttpCode(200)
  @ApiSummary('Price an outcome', 'Itemised fee lines for an inline schedule or a stored one (DESIGN §5).')
  @ApiAnswer(FeeQuoteSchema)
  @ApiProblems(404)
  quote(@CurrentPrincipal() principal: Principal, @Body() dto: QuoteDto) {
    return this.schedules.quote(principal, dto);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post()
  @ApiSummary('Create a fee schedule')
  @ApiAnswer(FeeScheduleSchema, { status: 201 })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateFeeScheduleDto) {
    return this.schedules.create(principal, dto);
  }

  @OrgKinds('lender')
  @Get()
  @ApiSummary('List fee schedules', 'The latest version of each.')
  @ApiPage(FeeScheduleSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.schedules.list(principal, query);
  }

  @OrgKinds('lender')
  @Get(':id')
  @ApiSummary('Read a fee schedule', 'With the list of its versions.')
  @ApiAnswer(FeeScheduleWithVersionsSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.schedules.get(principal, id);
  }

  /** An edit is a new version; the versions listings and jobs use never change. */
  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/versions')
  @ApiSummary('Revise a fee schedule', 'A new version; listings and jobs keep the version they were made with.')
  @ApiAnswer(FeeScheduleSchema, { status: 201 })
  revise(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReviseFeeScheduleDto) {
    return this.schedules.revise(principal, id, dto);
  }
}
