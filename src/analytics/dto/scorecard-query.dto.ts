import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { WORK_KINDS, WorkKind } from '../../jobs/domain/work-kind';
import { REGION_CODE } from '../../common/validation/region';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';

/** Filters of `GET /v1/analytics/partners/{orgId}/scorecard`: months of acceptance from..to, inclusive. */
export class ScorecardQuery {
  @ApiPropertyOptional({ enum: WORK_KINDS, description: 'one kind of work; all kinds when left out' })
  @IsOptional()
  @IsIn(WORK_KINDS)
  kind?: WorkKind;

  @ApiPropertyOptional({ example: 'US-TX', description: 'one region (of the cases); all regions when left out' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'region must be a region code such as US-TX' })
  region?: string;

  @ApiPropertyOptional({ format: 'date', description: 'jobs accepted in this day’s month or later' })
  @IsOptional()
  @IsCalendarDate({ message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'jobs accepted in this day’s month or earlier (default today)' })
  @IsOptional()
  @IsCalendarDate({ message: 'to must be a date as YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'svg'], description: 'csv: one line per figure, the same figures; svg: the trend chart (recovery, SLA breach and complaint rates by month; from defaults to 11 months before to)' })
  @IsOptional()
  @IsIn(['json', 'csv', 'svg'])
  format?: 'json' | 'csv' | 'svg';
}
