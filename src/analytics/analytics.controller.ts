import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { csvWriter } from '../common/csv/csv-writer';
import { ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { OrgKinds } from '../common/tenancy/decorators';
import { ApiJsonOrCsv, PortfolioSchema, ScorecardSchema } from './analytics.openapi';
import { PortfolioQuery } from './dto/portfolio-query.dto';
import { ScorecardQuery } from './dto/scorecard-query.dto';
import { PortfolioQueries } from './portfolio-queries.service';
import { PORTFOLIO_CSV_COLUMNS, portfolioCsvRows } from './portfolio.presenter';
import { SCORECARD_CSV_COLUMNS, scorecardCsvRows } from './scorecard.presenter';
import { ScorecardQueries } from './scorecard-queries.service';

/** Reports from what the other modules recorded (DESIGN §10, issue 17). */
@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly scorecards: ScorecardQueries,
    private readonly portfolios: PortfolioQueries,
  ) {}

  @Get('portfolio')
  @OrgKinds('lender', 'platform')
  @ApiSummary(
    'Lender portfolio',
    'Placements by bucket and stage, the recovery curve, roll rates month over month, cost to collect by partner and kind, repossession outcomes, auction results, surplus and deficiency — each figure with its numerator and denominator. A lender reads its own; platform staff all lenders or one (`lender_org_id`); partners and buyers get 403.',
  )
  @ApiJsonOrCsv(PortfolioSchema, PORTFOLIO_CSV_COLUMNS.join(', '))
  @ApiProblems(400, 403, 404, 422)
  async portfolio(@CurrentPrincipal() principal: Principal, @Query() query: PortfolioQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const portfolio = await this.portfolios.portfolio(principal, query);
    if (query.format !== 'csv') return portfolio;
    const csv = csvWriter(PORTFOLIO_CSV_COLUMNS);
    for (const row of portfolioCsvRows(portfolio)) csv.write(row);
    csv.end();
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="portfolio-${portfolio.from}-${portfolio.to}.csv"`);
    return csv;
  }

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
