import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { ACCOUNT_PURPOSES, POSTING_REASONS, PostingReason } from '../domain/account-purpose';

/** Filters of `GET /v1/ledger/balances`. */
export class BalancesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACCOUNT_PURPOSES })
  @IsOptional()
  @IsIn(ACCOUNT_PURPOSES)
  purpose?: (typeof ACCOUNT_PURPOSES)[number];

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsString()
  @MaxLength(3)
  currency?: string;
}

/** Filters of `GET /v1/ledger/transactions` and its CSV export. */
export class TransactionFilterQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only transactions with an entry on this account' })
  @IsOptional()
  @IsUUID(undefined, { message: 'account must be an account id' })
  account?: string;

  @ApiPropertyOptional({ enum: POSTING_REASONS })
  @IsOptional()
  @IsIn(POSTING_REASONS)
  reason?: PostingReason;

  @ApiPropertyOptional({ description: 'the id of what caused it (a payment, statement, payout, …)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason_id?: string;

  @ApiPropertyOptional({ description: 'posted at or after (ISO 8601 date or date-time, UTC)', example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'posted before (ISO 8601 date or date-time, UTC)', example: '2026-02-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

export class TransactionListQuery extends IntersectionType(TransactionFilterQuery, PageQuery) {}
