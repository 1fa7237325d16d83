import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CompleteJobDto, DeclineJobDto, JobListQuery, JobReasonDto } from './dto/job.dto';
import { ApiRoute, JOB_EVENT_SCHEMA, JOB_SCHEMA, JOB_WITH_WORK_SCHEMA, PROGRESS_EVENT_BODY, WORK_CASE_SCHEMA } from './job-work.openapi';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobProgressService } from './job-progress.service';
import { JobWorkService } from './job-work.service';
import { presentJob } from './jobs.presenter';
import { JobsService } from './jobs.service';

const page = (item: object) => ({ type: 'object' as const, properties: { data: { type: 'array' as const, items: item }, next_cursor: { type: 'string' as const, nullable: true } } });

/** Jobs (DESIGN §6): the partner's offers and work, the lender's placements; another org gets 404. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly lifecycle: JobLifecycleService,
    private readonly progress: JobProgressService,
    private readonly work: JobWorkService,
  ) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: JobListQuery) {
    return this.jobs.list(principal, query);
  }

  @Get(':id')
  @ApiRoute('A job; its partner also gets the work (cases and vehicle) while the job runs', JOB_WITH_WORK_SCHEMA, [404])
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: FastifyRequest) {
    return this.jobs.get(principal, id, request);
  }

  @OrgKinds('agency', 'tow_operator')
  @Get(':id/cases/:caseId')
  @ApiRoute('One case of a running job, as its partner works it (unmasked, audited; no national id)', WORK_CASE_SCHEMA, [403, 404])
  caseOf(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('caseId') caseId: string, @Req() request: FastifyRequest) {
    return this.work.caseOf(principal, id, caseId, request);
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

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/start')
  @HttpCode(200)
  @ApiRoute('Start work on an accepted job (the case moves assigned → in_progress)', JOB_SCHEMA, [403, 404, 409])
  async start(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentJob(await this.lifecycle.move(principal, id, 'start'));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/return')
  @HttpCode(200)
  @ApiRoute('Give the job back, with a reason (its cases become returned, re-listable)', JOB_SCHEMA, [400, 403, 404, 409])
  async giveBack(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: JobReasonDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'return', { reason: dto.reason }));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiRoute('Complete the job with its outcome (cases resolved, payment_plan or returned; a redemption returns the vehicle)', JOB_SCHEMA, [400, 403, 404, 409, 422])
  async complete(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CompleteJobDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'complete', { outcome: dto.outcome, reason: dto.note }));
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/recall')
  @HttpCode(200)
  @ApiRoute('Pull the job back from the partner, with a reason (its cases become recalled, re-listable)', JOB_SCHEMA, [400, 403, 404, 409])
  async recall(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: JobReasonDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'recall', { reason: dto.reason }));
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiRoute('Cancel the order, with a reason (cases recalled; a vehicle not yet in hand becomes order_cancelled)', JOB_SCHEMA, [400, 403, 404, 409])
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: JobReasonDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'cancel', { reason: dto.reason }));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/acknowledge-hold')
  @HttpCode(200)
  @ApiRoute('Acknowledge a hold: the partner confirms work has stopped (DESIGN §6)', JOB_SCHEMA, [403, 404, 409])
  async acknowledgeHold(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentJob(await this.lifecycle.acknowledgeHold(principal, id));
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/resume')
  @HttpCode(200)
  @ApiRoute('Resume a held job once no case of it carries a hold flag; it goes back to accepted or in_progress', JOB_SCHEMA, [403, 404, 409])
  async resume(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentJob(await this.lifecycle.resume(principal, id));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/events')
  @ApiBody({ schema: PROGRESS_EVENT_BODY })
  @ApiRoute('Report typed progress (DESIGN §6); the first report starts an accepted job', JOB_EVENT_SCHEMA, [400, 403, 404, 409, 422], 201)
  report(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.progress.report(principal, id, body);
  }

  @OrgKinds('lender', 'agency', 'tow_operator')
  @Get(':id/events')
  @ApiRoute("The job's progress timeline, newest first (lender and partner)", page(JOB_EVENT_SCHEMA), [400, 404])
  timeline(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.progress.timeline(principal, id, query);
  }
}
