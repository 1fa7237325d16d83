import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CompleteJobDto, DeclineJobDto, JobListQuery, JobReasonDto } from './dto/job.dto';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobProgressService } from './job-progress.service';
import { JobWorkService } from './job-work.service';
import { JobPromises } from './job-promises.service';
import { JobEventSchema, JobListItemSchema, JobSchema, ProgressEventBody, PromiseToPaySchema, WorkCaseWithVehicleSchema } from './jobs.openapi';
import { presentJob } from './jobs.presenter';
import { JobsService } from './jobs.service';

/** Jobs (DESIGN §6): the partner's offers and work, the lender's placements; another org gets 404. */
@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly lifecycle: JobLifecycleService,
    private readonly progress: JobProgressService,
    private readonly work: JobWorkService,
    private readonly promises: JobPromises,
  ) {}

  @Get()
  @ApiSummary('List jobs', 'A partner its offers and work; a lender the jobs on its listings. Filters: status, kind, listing, case, partner, `sla=breached`. Each row names the listing, lender and partner and summarises the cases.')
  @ApiPage(JobListItemSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: JobListQuery) {
    return this.jobs.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a job', 'Its partner also gets the work (cases and vehicle, unmasked and audited) while the job is accepted, in progress or on hold.')
  @ApiAnswer(JobSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: FastifyRequest) {
    return this.jobs.get(principal, id, request);
  }

  @OrgKinds('agency', 'tow_operator')
  @Get(':id/cases/:caseId')
  @ApiSummary('Read one case of a running job', 'As its partner works it: unmasked (audited), never the national id; 404 once the job ends.')
  @ApiAnswer(WorkCaseWithVehicleSchema)
  @ApiProblems(403)
  caseOf(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('caseId') caseId: string, @Req() request: FastifyRequest) {
    return this.work.caseOf(principal, id, caseId, request);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/accept')
  @HttpCode(200)
  @ApiSummary('Accept an offered job', 'Before its accept deadline (DESIGN §6).')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.jobs.accept(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/decline')
  @HttpCode(200)
  @ApiSummary('Decline an offered job', 'The offer moves on to the next bidder where the listing allows it.')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  decline(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: DeclineJobDto) {
    return this.jobs.decline(principal, id, dto.reason);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/start')
  @HttpCode(200)
  @ApiSummary('Start work on an accepted job', 'The cases move assigned → in_progress.')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  async start(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentJob(await this.lifecycle.move(principal, id, 'start'));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/return')
  @HttpCode(200)
  @ApiSummary('Give the job back, with a reason', 'Its cases become `returned`, which the lender can re-list.')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  async giveBack(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: JobReasonDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'return', { reason: dto.reason }));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiSummary('Complete the job with its outcome', 'Cases resolved, payment_plan or returned as the outcome says (DESIGN §4); a redemption returns the vehicle.')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409, 422)
  async complete(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CompleteJobDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'complete', { outcome: dto.outcome, reason: dto.note }));
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/recall')
  @HttpCode(200)
  @ApiSummary('Recall the job from the partner, with a reason', 'Its cases become `recalled`, which the lender can re-list.')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  async recall(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: JobReasonDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'recall', { reason: dto.reason }));
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiSummary('Cancel the order, with a reason', 'Cases recalled; a vehicle not yet in hand becomes order_cancelled.')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: JobReasonDto) {
    return presentJob(await this.lifecycle.move(principal, id, 'cancel', { reason: dto.reason }));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/acknowledge-hold')
  @HttpCode(200)
  @ApiSummary('Acknowledge a hold', 'The partner confirms work has stopped (DESIGN §6).')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  async acknowledgeHold(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentJob(await this.lifecycle.acknowledgeHold(principal, id));
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/resume')
  @HttpCode(200)
  @ApiSummary('Resume a held job', 'Once no case of it carries a hold flag; it goes back to accepted or in_progress.')
  @ApiAnswer(JobSchema)
  @ApiProblems(403, 409)
  async resume(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentJob(await this.lifecycle.resume(principal, id));
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/events')
  @ApiSummary('Report typed progress', 'One of the DESIGN §6 types with its fields, validated per type; the first report starts an accepted job.')
  @ApiBody({ schema: ProgressEventBody })
  @ApiAnswer(JobEventSchema, { status: 201 })
  @ApiProblems(403, 409, 422)
  report(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.progress.report(principal, id, body);
  }

  @OrgKinds('lender', 'agency', 'tow_operator')
  @Get(':id/events')
  @ApiSummary('Read the job’s progress timeline', 'Newest first, for the lender and the partner.')
  @ApiPage(JobEventSchema)
  @ApiProblems(403)
  timeline(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.progress.timeline(principal, id, query);
  }

  @OrgKinds('lender', 'agency', 'tow_operator')
  @Get(':id/promises')
  @ApiSummary('List the job’s promises to pay', 'Each `promise_to_pay` report with what was paid since and its status, newest first.')
  @ApiPage(PromiseToPaySchema)
  @ApiProblems(403)
  promisesOf(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.promises.list(principal, id, query);
  }
}
