import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { CASE_FLAGS, CASE_STATUSES } from '../domain/case-status';
import { PRODUCTS } from '../domain/placement-row';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';

export const BUCKETS = ['current', 'M1', 'M2', 'M3', 'M4+'] as const;
export const STAGES = ['early', 'late'] as const;
export const CASE_SORTS = ['created_at', '-created_at', 'total_due', '-total_due', 'days_past_due', '-days_past_due', 'external_ref', '-external_ref'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const escape = (v: string) => v.replace(/[+]/g, '\\+');
/** A comma-separated list of known values (`status=new,listed`). */
const listOf = (values: readonly string[]) => new RegExp(`^(${values.map(escape).join('|')})(,(${values.map(escape).join('|')}))*$`);
const REGIONS = /^[A-Z]{2}(-[A-Z0-9]{1,3})?(,[A-Z]{2}(-[A-Z0-9]{1,3})?)*$/;

/** Filters of `GET /v1/cases` and `GET /v1/cases/export.csv`; lists are comma-separated and match any value. */
export class CaseFilterQuery {
  @ApiPropertyOptional({ description: `comma-separated: ${CASE_STATUSES.join(', ')}` })
  @IsOptional()
  @Matches(listOf(CASE_STATUSES), { message: `status must be one or more of ${CASE_STATUSES.join(', ')}, comma-separated` })
  status?: string;

  @ApiPropertyOptional({ description: 'comma-separated: current, M1, M2, M3, M4+ (as of as_of)' })
  @IsOptional()
  // `+` in a query string decodes to a space, so `bucket=M4+` unencoded arrives as `M4 `.
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/M4(\s|\+)?(?=,|$)/g, 'M4+') : value))
  @Matches(listOf(BUCKETS), { message: `bucket must be one or more of ${BUCKETS.join(', ')}, comma-separated` })
  bucket?: string;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: (typeof STAGES)[number];

  @ApiPropertyOptional({ description: 'borrower region(s), ISO 3166-2 (US-TX) or a country (US), comma-separated' })
  @IsOptional()
  @Matches(REGIONS, { message: 'region must be ISO 3166-2 codes such as US-TX or countries such as US, comma-separated' })
  region?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  dpd_min?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  dpd_max?: number;

  @ApiPropertyOptional({ description: 'total due, minor units' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  balance_min?: number;

  @ApiPropertyOptional({ description: 'total due, minor units' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  balance_max?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ description: `comma-separated: ${PRODUCTS.join(', ')}` })
  @IsOptional()
  @Matches(listOf(PRODUCTS), { message: `product must be one or more of ${PRODUCTS.join(', ')}, comma-separated` })
  product?: string;

  @ApiPropertyOptional({ description: `cases carrying all of these flags (comma-separated), or "none"` })
  @IsOptional()
  @Matches(new RegExp(`^none$|${listOf(CASE_FLAGS).source}`), { message: `flags must be "none" or one or more of ${CASE_FLAGS.join(', ')}, comma-separated` })
  flags?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  has_vehicle?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'exact match through the blind index' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  borrower_phone?: string;

  @ApiPropertyOptional({ description: 'exact match through the blind index' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  borrower_email?: string;

  @ApiPropertyOptional({ description: 'exact match through the blind index' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  borrower_national_id?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; days past due, bucket and stage are computed as of this day (default today, UTC)' })
  @IsOptional()
  @IsCalendarDate({ message: 'as_of must be a date as YYYY-MM-DD' })
  as_of?: string;

  @ApiPropertyOptional({ enum: CASE_SORTS, description: 'default -created_at' })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: CaseSort;
}

/** The filters plus `limit`/`cursor` of every list endpoint. */
export class CaseListQuery extends IntersectionType(CaseFilterQuery, PageQuery) {}

export class CaseReadQuery {
  @ApiPropertyOptional({ enum: ['pii'], description: 'pii: the borrower unmasked (owning lender; audit-logged)' })
  @IsOptional()
  @IsIn(['pii'])
  reveal?: 'pii';

  @ApiPropertyOptional({ description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate({ message: 'as_of must be a date as YYYY-MM-DD' })
  as_of?: string;
}
