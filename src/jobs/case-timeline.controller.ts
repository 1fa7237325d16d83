import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, OrgKinds } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CaseTimelineService } from './case-timeline.service';
import { CaseTimelineEntrySchema } from './jobs.openapi';

/** The lender's view of everything that happened to a case and its field work (issue 12). */
@ApiTags('cases')
@Controller('cases')
export class CaseTimelineController {
  constructor(private readonly timeline: CaseTimelineService) {}

  @OrgKinds('lender')
  @Get(':id/timeline')
  @ApiSummary('Read a case’s timeline', 'The case’s history (placement, edits, flags, status) merged with its jobs’ lifecycle and progress reports, newest first.')
  @ApiPage(CaseTimelineEntrySchema)
  @ApiProblems(403)
  read(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.timeline.timeline(principal, id, query);
  }
}
