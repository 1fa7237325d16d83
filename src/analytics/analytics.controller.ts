import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { csvWriter } from '../common/csv/csv-writer';
import { ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ApiJsonOrCsv, ScorecardSchema } from './analytics.openapi';
import { ScorecardQuery } from './dto/scorecard-query.dto';
import { SCORECARD_CSV_COLUMNS, scorecardCsvRows } from './scorecard.presenter';
import { ScorecardQueries } from './scorecard-queries.service';

/** Reports from what the other modules recorded (DESIGN §10, issue 17). */
@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly scorecards: ScorecardQueries) {}

  @Get('partners/:orgId/scorecard')
  @ApiSummary(
    'Partner scorecard',
    'A partner’s record from its real outcomes, per kind of work, region and months of acceptance, each rate with its numerator and denominator. A partner reads its own, a lender any approved partner’s, platform staff all; anyone else gets 404.',
  )
  @ApiJsonOrCsv(ScorecardSchema, SCORECARD_CSV_COLUMNS.join(', '))
  @ApiProblems(400, 404, 422)
  async scorecard(@CurrentPrincipal() principal: Principal, @Param('orgId') orgId: string, @Query() query: ScorecardQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const scorecard = await this.scorecards.scorecard(principal, orgId, query);
    if (query.format !== 'csv') return scorecard;
    const csv = csvWriter(SCORECARD_CSV_COLUMNS);
    for (const row of scorecardCsvRows(scorecard)) csv.write(row);
    csv.end();
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="scorecard-${orgId}.csv"`);
    return csv;
  }
}
