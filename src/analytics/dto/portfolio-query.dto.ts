import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PRODUCTS, Product } from '../../cases/domain/placement-row';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';
import { REGION_CODE } from '../../common/validation/region';

/** Filters of `GET /v1/analytics/portfolio`: months from..to, inclusive (placement months for placements and the recovery curve). */
export class PortfolioQuery {
  @ApiPropertyOptional({ format: 'date', description: 'this day’s month or later (default: 11 months before `to`)' })
  @IsOptional()
  @IsCalendarDate({ message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'this day’s month or earlier (default today)' })
  @IsOptional()
  @IsCalendarDate({ message: 'to must be a date as YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: PRODUCTS, description: 'one product; all when left out' })
  @IsOptional()
  @IsIn(PRODUCTS)
  product?: Product;

  @ApiPropertyOptional({ example: 'US-TX', description: 'one region (of the borrowers); all when left out' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'region must be a region code such as US-TX' })
  region?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'platform staff: one lender’s portfolio (all lenders when left out); a lender may name only itself' })
  @IsOptional()
  @IsUUID('all', { message: 'lender_org_id must be a UUID' })
  lender_org_id?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: one line per figure, the same figures' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
