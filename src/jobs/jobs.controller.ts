import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { DeclineJobDto, JobListQuery } from './dto/job.dto';
import { JobsService } from './jobs.service';

/** Jobs (DESIGN §6): the partner's offers and work, the lender's placements; another org gets 404. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: JobListQuery) {
    return this.jobs.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.jobs.get(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.jobs.accept(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/decline')
  @HttpCode(200)
  decline(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: DeclineJobDto) {
    return this.jobs.decline(principal, id, dto.reason);
  }
}
