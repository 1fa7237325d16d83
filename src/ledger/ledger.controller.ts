import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiCsv, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { BalancesQuery, TransactionFilterQuery, TransactionListQuery } from './dto/ledger-query.dto';
import { LedgerQueriesService } from './ledger-queries.service';
import { LedgerBalanceSchema, LedgerTransactionSchema } from './ledger.openapi';

/** The ledger as each org sees it (DESIGN §8, §11): its own accounts; platform staff: all. */
@ApiTags('money')
@Controller('ledger')
export class LedgerController {
  constructor(private readonly queries: LedgerQueriesService) {}

  @Get('balances')
  @ApiSummary('Account balances', "The caller's ledger accounts with their balances, derived from the entries; platform staff see every account.")
  @ApiPage(LedgerBalanceSchema, { description: 'One page of accounts, newest first' })
  balances(@CurrentPrincipal() principal: Principal, @Query() query: BalancesQuery) {
    return this.queries.balances(principal, query);
  }

  @Get('transactions')
  @ApiSummary('Ledger transactions', "Transactions touching the caller's accounts, with the entries on them, newest first.")
  @ApiPage(LedgerTransactionSchema)
  @ApiProblems(404)
  transactions(@CurrentPrincipal() principal: Principal, @Query() query: TransactionListQuery) {
    return this.queries.transactions(principal, query);
  }

  @Get('transactions/export.csv')
  @ApiSummary('Export ledger transactions as CSV', 'The same filters as the list; one line per entry.')
  @ApiCsv('transaction_id, posted_at, reason, reason_id, reverses_id, line, account_id, org_id, purpose, side, amount, currency, memo')
  @ApiProblems(404)
  async export(@CurrentPrincipal() principal: Principal, @Query() query: TransactionFilterQuery, @Res() reply: FastifyReply) {
    const stream = await this.queries.exportCsv(principal, query);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="ledger-transactions.csv"').send(stream);
  }
}
