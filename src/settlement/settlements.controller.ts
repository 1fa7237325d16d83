import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { JsonObject } from '../common/json';
import { ListingsService } from '../marketplace/listings.service';
import { ExplanationQuery, ExplanationRequestDto, PlaceDeficiencyDto, SettlementListQuery, SurplusPaymentDto } from './dto/settlement.dto';
import { ExplanationRequestsService } from './explanation-requests.service';
import { DeficiencyPlacementSchema, ExplanationRequestSchema, ExplanationSchema, SettlementSchema, SettlementTotalsSchema } from './settlement.openapi';
import { presentSettlement, SettlementQueriesService } from './settlement-queries.service';
import { SettlementService } from './settlement.service';

/** Sale settlements (issue 16): the UCC §9-615 distribution, the §9-616 explanation, the surplus until paid. */
@ApiTags('money')
@Controller('settlements')
export class SettlementsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settlements: SettlementService,
    private readonly queries: SettlementQueriesService,
    private readonly requests: ExplanationRequestsService,
    private readonly listings: ListingsService,
  ) {}

  @OrgKinds('lender', 'platform')
  @Get()
  @ApiSummary('Settlements', "A lender's settled sales (platform: all), newest first, filtered by sale day, with surplus and deficiency totals per currency over the whole filter.")
  @ApiPage(SettlementSchema, { extra: { totals: SettlementTotalsSchema } })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: SettlementListQuery) {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a settlement', 'Every line in UCC §9-615(a) order with its basis, the credits, what was not paid and why, the ledger transactions; the distribution adds up to the proceeds. The lender and the platform see it whole, a partner only its own lines.')
  @ApiAnswer(SettlementSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.queries.get(principal, id);
  }

  @OrgKinds('lender', 'platform')
  @Get(':id/explanation')
  @ApiSummary(
    'The §9-616 explanation of a settlement',
    'The explanation of the surplus or deficiency the borrower is owed, its items in the order of UCC §9-616(c). JSON by default; `?format=html` answers a printable page (A4, print CSS) in the borrower\'s preferred language (zh… → zh-CN, else en), or in `lang` when given. 422 `settlement.contact_required` until the lender records the contact it gives.',
  )
  @ApiProduces('application/json', 'text/html')
  @ApiResponse({ status: 200, description: 'The explanation', content: { 'application/json': { schema: ExplanationSchema }, 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(400, 404, 422)
  async explanation(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ExplanationQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    if (query.format !== 'html') return this.queries.explanationJson(principal, id);
    const { html, language } = await this.queries.explanationHtml(principal, id, query.lang);
    void reply.header('content-type', 'text/html; charset=utf-8').header('content-language', language).header('cache-control', 'private, no-store');
    return html;
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/surplus-payment')
  @HttpCode(200)
  @ApiSummary('Mark the surplus paid', "The borrower was paid the surplus (UCC §9-615(d)(1)): the borrower surplus payable closes in the ledger; once. Idempotency-Key honoured.")
  @ApiAnswer(SettlementSchema)
  @ApiProblems(400, 404, 409, 422)
  async surplusPayment(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: SurplusPaymentDto) {
    const { settlement, lines } = await this.dataSource.transaction(async (manager) => {
      const s = await this.settlements.markSurplusPaid(manager, principal.orgId, id, { via: dto.via, reference: dto.reference });
      return { settlement: s, lines: await this.settlements.linesOf(manager, s.id) };
    });
    return presentSettlement(settlement, lines, { kind: 'whole' });
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/place-deficiency')
  @HttpCode(200)
  @ApiSummary(
    'Place the deficiency for collection',
    'In one call, once: the case already carries the deficiency the sale left (the obligation and any expenses the proceeds did not pay), nothing is re-keyed. With `list`, the case is listed for collection in the same call (a collection listing of it, as `POST /v1/listings` makes it: its fee schedule, bidding mode, deadline, bounds); a listing the marketplace refuses leaves the deficiency unplaced. Without it, the answer says whether the case can be listed now. Idempotency-Key honoured.',
  )
  @ApiAnswer(DeficiencyPlacementSchema)
  @ApiProblems(400, 404, 409, 422)
  async placeDeficiency(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: PlaceDeficiencyDto) {
    // Listed first, through the marketplace (its own transaction, the case locked there): a
    // listing it refuses leaves the deficiency unplaced, so the call can be made again as is.
    let listing: JsonObject | null = null;
    if (dto?.list) {
      const s = await this.settlements.deficiencyToPlace(this.dataSource.manager, principal.orgId, id);
      listing = await this.listings.create(principal, { ...dto.list, kind: 'collection', case_ids: [s.caseId] });
    }
    const placed = await this.dataSource.transaction(async (manager) => {
      const done = await this.settlements.placeDeficiency(manager, principal, id);
      return { ...done, lines: await this.settlements.linesOf(manager, done.settlement.id) };
    });
    return {
      settlement: presentSettlement(placed.settlement, placed.lines, { kind: 'whole' }),
      case: { id: placed.case.id, status: placed.case.status, total_due: placed.case.totalDue, listable: placed.listable },
      listing,
    };
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/explanation-requests')
  @ApiSummary(
    "Record a borrower's request for the explanation",
    'A request received after the sale is answered within 14 days (UCC §9-616(b)(1)(B)); a timer tells the lender when it is overdue. The answer says whether this response is free or may carry a charge of at most USD 25 (§9-616(f)). Idempotency-Key honoured.',
  )
  @ApiAnswer(ExplanationRequestSchema, { status: 201 })
  @ApiProblems(400, 404, 422)
  recordRequest(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ExplanationRequestDto) {
    return this.requests.record(principal, id, new Date(dto.received_at));
  }

  @OrgKinds('lender')
  @Get(':id/explanation-requests')
  @ApiSummary("A settlement's explanation requests", 'Newest first, with their deadlines and whether they were answered.')
  @ApiPage(ExplanationRequestSchema)
  @ApiProblems(400, 404)
  listRequests(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.requests.list(principal, id, query);
  }

  @OrgKinds('lender')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/explanation-requests/:requestId/answer')
  @HttpCode(200)
  @ApiSummary('Mark a request answered', 'The explanation was sent to the borrower; the deadline timer is cancelled. Once.')
  @ApiAnswer(ExplanationRequestSchema)
  @ApiProblems(404, 409)
  answerRequest(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('requestId') requestId: string) {
    return this.requests.answer(principal, id, requestId);
  }
}
