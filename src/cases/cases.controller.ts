import { Body, Controller, Delete, Get, HttpCode, Param, Post, Patch, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CaseExportService } from './case-export.service';
import { CaseFlagsService } from './case-flags.service';
import { CaseLifecycleService } from './case-lifecycle.service';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { ChangeCaseStatusDto, ClearFlagDto, SetFlagDto } from './dto/case-actions.dto';
import { CaseFilterQuery, CaseListQuery, CaseReadQuery } from './dto/case-query.dto';
import { PlacementImportService } from './placement-import.service';

const WRITERS = ['owner', 'manager', 'agent'] as const;

/**
 * Cases (DESIGN §4, §11). Reads are scoped to the caller's org in the query, so another lender or
 * a partner gets 404; writes are for lender users who may change data (403 otherwise).
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly lifecycle: CaseLifecycleService,
    private readonly flags: CaseFlagsService,
    private readonly exports: CaseExportService,
    private readonly imports: PlacementImportService,
  ) {}

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post()
  @ApiBody({ description: 'one placement row (see docs/placement-csv.md for the fields)', schema: { type: 'object' } })
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.cases.create(principal, body);
  }

  /**
   * A JSON array (up to 10,000 rows) is placed synchronously and answered 200 with its result; a
   * CSV file uploaded as multipart/form-data (up to 100,000 rows / 50 MB) is answered 202 and
   * placed by a background job (`GET /v1/imports/:id`).
   */
  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post('bulk')
  @HttpCode(200)
  @ApiConsumes('application/json', 'multipart/form-data')
  async bulk(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    if (request.isMultipart()) {
      const accepted = await this.imports.acceptCsv(principal, request);
      void reply.status(202).header('location', `/v1/imports/${accepted.id}`);
      return accepted;
    }
    return this.imports.placeJson(principal, body);
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQuery) {
    return this.queries.list(principal, query);
  }

  @Get('export.csv')
  export(@CurrentPrincipal() principal: Principal, @Query() query: CaseFilterQuery, @Res() reply: FastifyReply) {
    const stream = this.exports.exportCsv(principal, query);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cases.csv"').send(stream);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: CaseReadQuery, @Req() request: FastifyRequest) {
    return this.queries.get(principal, id, { reveal: query.reveal === 'pii', asOf: query.as_of }, request);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Patch(':id')
  @ApiBody({ description: 'any of product, currency, principal, interest, fees, the dates, and borrower fields', schema: { type: 'object' } })
  patch(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.cases.patch(principal, id, body);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/flags')
  @HttpCode(200)
  setFlag(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: SetFlagDto) {
    return this.flags.setFlag(principal, id, dto.flag, dto.reason);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Delete(':id/flags/:flag')
  clearFlag(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('flag') flag: string, @Body() dto: ClearFlagDto) {
    return this.flags.clearFlag(principal, id, flag, dto.reason);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/status')
  @HttpCode(200)
  changeStatus(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ChangeCaseStatusDto) {
    return this.lifecycle.changeStatus(principal, id, dto.status, dto.reason);
  }
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: PlacementImportService) {}

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.imports.get(principal, id);
  }

  @Get(':id/errors.csv')
  async errors(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply) {
    const stream = await this.imports.errorsCsv(principal, id);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-${id}-errors.csv"`).send(stream);
  }
}
