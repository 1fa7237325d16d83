import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ComplaintsService } from './complaints.service';
import { ComplaintSchema, SuspensionReviewSchema } from './complaints.openapi';
import { CloseReviewDto, ComplaintDecisionDto, ComplaintListQuery, FileComplaintDto, ReviewListQuery } from './dto/complaint.dto';

/** Complaints against partners (DESIGN §6): filed by lenders and platform compliance, read by the parties, decided by platform staff. */
@ApiTags('compliance')
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @OrgKinds('lender', 'platform')
  @Roles('owner', 'manager', 'agent', 'admin', 'compliance')
  @ApiSummary('File a complaint', 'Against a job (its partner is the subject) or a partner; a lender may file on behalf of its borrower. The partner and platform staff are told.')
  @ApiAnswer(ComplaintSchema, { status: 201 })
  @ApiProblems(400, 404)
  file(@CurrentPrincipal() principal: Principal, @Body() dto: FileComplaintDto) {
    return this.complaints.file(principal, dto);
  }

  @Get()
  @ApiSummary('List complaints', 'Lenders: those they filed or about their jobs; partners: those against them; platform staff: all.')
  @ApiPage(ComplaintSchema)
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ComplaintListQuery) {
    return this.complaints.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a complaint', 'With every move, its reason and actor.')
  @ApiAnswer(ComplaintSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.complaints.get(principal, id);
  }

  @Post(':id/investigate')
  @HttpCode(200)
  @OrgKinds('platform')
  @Roles('admin', 'compliance')
  @ApiSummary('Start investigating a complaint')
  @ApiAnswer(ComplaintSchema)
  @ApiProblems(400, 404, 409)
  investigate(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ComplaintDecisionDto) {
    return this.complaints.decide(principal, id, 'investigating', dto.reason);
  }

  @Post(':id/uphold')
  @HttpCode(200)
  @OrgKinds('platform')
  @Roles('admin', 'compliance')
  @ApiSummary('Uphold a complaint', 'Lowers the partner’s quality score; reaching the threshold (3 in 90 days) opens a suspension review.')
  @ApiAnswer(ComplaintSchema)
  @ApiProblems(400, 404, 409)
  uphold(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ComplaintDecisionDto) {
    return this.complaints.decide(principal, id, 'upheld', dto.reason);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @OrgKinds('platform')
  @Roles('admin', 'compliance')
  @ApiSummary('Dismiss a complaint')
  @ApiAnswer(ComplaintSchema)
  @ApiProblems(400, 404, 409)
  dismiss(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ComplaintDecisionDto) {
    return this.complaints.decide(principal, id, 'dismissed', dto.reason);
  }
}

/** The suspension-review queue platform staff work through (DESIGN §6). */
@ApiTags('compliance')
@OrgKinds('platform')
@Roles('admin', 'compliance')
@Controller('admin/suspension-reviews')
export class SuspensionReviewsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Get()
  @ApiSummary('The suspension-review queue', 'Partners that reached the upheld-complaint threshold.')
  @ApiPage(SuspensionReviewSchema)
  @ApiProblems(400)
  list(@Query() query: ReviewListQuery) {
    return this.complaints.reviews(query);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiSummary('Close a suspension review', 'Records the decision; a suspension itself goes through POST /v1/admin/partners/{orgId}/suspend.')
  @ApiAnswer(SuspensionReviewSchema)
  @ApiProblems(400, 404, 409)
  close(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CloseReviewDto) {
    return this.complaints.closeReview(principal, id, dto);
  }
}
