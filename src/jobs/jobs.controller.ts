import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { DeclineJobDto, JobListQuery } from './dto/job.dto';
import { JobSchema } from './jobs.openapi';
import { JobsService } from './jobs.service';

/** Jobs (DESIGN §6): the partner's offers and work, the lender's placements; another org gets 404. */
@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiSummary('List jobs', 'A partner its offers and work; a lender the jobs on its listings.')
  @ApiPage(JobSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: JobListQuery) {
    return this.jobs.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a job')
  @ApiAnswer(JobSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.jobs.get(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/accept')
  @HttpCode(200)
  @ApiSummary('Accept an offered job', 'Before its accept deadline (DESIGN §6).')
  @ApiAnswer(JobSchema)
  accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.jobs.accept(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/decline')
  @HttpCode(200)
  @ApiSummary('Decline an offered job', 'The offer moves on to the next bidder where the listing allows it.')
  @ApiAnswer(JobSchema)
  decline(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: DeclineJobDto) {
    return this.jobs.decline(principal, id, dto.reason);
  }
}
