import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiAnswer, ApiCsv, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { IssueStatementDto, StatementListQuery } from './dto/statement.dto';
import { StatementSchema } from './payments.openapi';
import { StatementsService } from './statements.service';

/** Partner statements (DESIGN §8, §11): a partner reads its own, platform staff all. */
@ApiTags('money')
@Controller('statements')
@OrgKinds('agency', 'tow_operator', 'platform')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Roles('owner', 'manager', 'admin')
  @Post()
  @ApiSummary('Issue a statement now', 'Everything unstated in the currency up to now, closed once issued; 422 when there is nothing to state.')
  @ApiAnswer(StatementSchema, { status: 201 })
  @ApiProblems(422)
  issue(@CurrentPrincipal() principal: Principal, @Body() dto: IssueStatementDto) {
    return this.statements.issueOnDemand(principal, dto);
  }

  @Get()
  @ApiSummary('List statements', 'Newest first, without their lines.')
  @ApiPage(StatementSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: StatementListQuery) {
    return this.statements.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a statement', "With its lines: each the fee engine's basis for one job event.")
  @ApiAnswer(StatementSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.statements.get(principal, id);
  }

  @Get(':id/export.csv')
  @ApiSummary('Export a statement as CSV', 'One line per job event.')
  @ApiCsv('line, kind, posted_at, payment_id, job_id, case_id, lender_org_id, recovered, commission, platform_fee, net, currency, basis')
  @ApiProblems(404)
  async export(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply) {
    const stream = await this.statements.exportCsv(principal, id);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="statement-${id}.csv"`).send(stream);
  }
}
