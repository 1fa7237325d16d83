import { Body, Controller, Delete, Get, HttpCode, Param, Post, Patch, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiCsv, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { arrayOf } from '../common/openapi/schema';
import { CasePatchSchema, CaseSchema, PlacementImportSchema, PlacementRowSchema } from './cases.openapi';
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
  @ApiSummary('Place one case', 'One placement row; the same external_ref again updates the case (docs/placement-csv.md).')
  @ApiBody({ description: 'one placement row (see docs/placement-csv.md for the fields)', schema: PlacementRowSchema })
  @ApiAnswer(CaseSchema, { status: 201 })
  @ApiProblems(422)
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
  @ApiOperation({
    summary: 'Place cases in bulk',
    description: 'A JSON array (up to 10,000 rows) is placed at once and answered 200; a CSV file (multipart/form-data, field `file`, up to 100,000 rows / 50 MB) is answered 202 and placed in the background (follow Location).',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: arrayOf(PlacementRowSchema) },
        'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'placement CSV (docs/placement-csv.md)' } } } },
      },
    },
  })
  @ApiAnswer(PlacementImportSchema, { description: 'JSON rows placed; rejected rows are listed in errors' })
  @ApiResponse({ status: 202, description: 'CSV accepted; placed by a background job', headers: { Location: { description: '/v1/imports/{id}', schema: { type: 'string' } } }, schema: PlacementImportSchema })
  @ApiProblems(413, 415, 422)
  async bulk(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    if (request.isMultipart()) {
      const accepted = await this.imports.acceptCsv(principal, request);
      void reply.status(202).header('location', `/v1/imports/${accepted.id}`);
      return accepted;
    }
    return this.imports.placeJson(principal, body);
  }

  @Get()
  @ApiSummary('List cases', 'Filters combine; sort with `sort`. Borrowers are masked.')
  @ApiPage(CaseSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQuery) {
    return this.queries.list(principal, query);
  }

  @Get('export.csv')
  @ApiSummary('Export cases as CSV', 'The same filters as the list, every matching case, streamed.')
  @ApiCsv('One line per case')
  export(@CurrentPrincipal() principal: Principal, @Query() query: CaseFilterQuery, @Res() reply: FastifyReply) {
    const stream = this.exports.exportCsv(principal, query);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cases.csv"').send(stream);
  }

  @Get(':id')
  @ApiSummary('Read a case', '`reveal=pii` unmasks the borrower for the owning lender (audit-logged).')
  @ApiAnswer(CaseSchema)
  @ApiProblems(403)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: CaseReadQuery, @Req() request: FastifyRequest) {
    return this.queries.get(principal, id, { reveal: query.reveal === 'pii', asOf: query.as_of }, request);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Patch(':id')
  @ApiSummary('Correct a case')
  @ApiBody({ description: 'any of product, currency, principal, interest, fees, the dates, and borrower fields', schema: CasePatchSchema })
  @ApiAnswer(CaseSchema)
  @ApiProblems(409, 422)
  patch(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.cases.patch(principal, id, body);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/flags')
  @HttpCode(200)
  @ApiSummary('Set a flag on a case', 'Flags such as bankruptcy or legal_hold put the case on hold (DESIGN §4).')
  @ApiAnswer(CaseSchema)
  setFlag(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: SetFlagDto) {
    return this.flags.setFlag(principal, id, dto.flag, dto.reason);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Delete(':id/flags/:flag')
  @ApiSummary('Clear a flag from a case')
  @ApiAnswer(CaseSchema)
  @ApiProblems(409)
  clearFlag(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('flag') flag: string, @Body() dto: ClearFlagDto) {
    return this.flags.clearFlag(principal, id, flag, dto.reason);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/status')
  @HttpCode(200)
  @ApiSummary('Move a case to another status', 'A lender may set new, resolved or written_off; other moves follow the marketplace and jobs.')
  @ApiAnswer(CaseSchema)
  changeStatus(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ChangeCaseStatusDto) {
    return this.lifecycle.changeStatus(principal, id, dto.status, dto.reason);
  }
}

@ApiTags('cases')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: PlacementImportService) {}

  @Get(':id')
  @ApiSummary('Read a placement import', 'Progress and counts of a bulk placement.')
  @ApiAnswer(PlacementImportSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.imports.get(principal, id);
  }

  @Get(':id/errors.csv')
  @ApiSummary('Download the rejected rows of an import as CSV')
  @ApiCsv('One line per refused field: row, external_ref, field, message')
  async errors(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply) {
    const stream = await this.imports.errorsCsv(principal, id);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-${id}-errors.csv"`).send(stream);
  }
}
