import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';
import { EXPLANATION_LANGUAGES, ExplanationLanguage } from '../domain/explanation';

export class SettlementListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: 'sales on or after this day (UTC)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'sales on or before this day (UTC)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class ExplanationQuery {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json', description: 'html: a printable page (A4, print CSS)' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';

  @ApiPropertyOptional({ enum: EXPLANATION_LANGUAGES, default: 'en', description: 'the language of the printable page' })
  @IsOptional()
  @IsIn(EXPLANATION_LANGUAGES)
  lang?: ExplanationLanguage;
}

export class SurplusPaymentDto {
  @ApiProperty({ enum: ['lender', 'platform'], description: 'lender: the lender paid the borrower itself; platform: the platform paid it out' })
  @IsIn(['lender', 'platform'])
  via!: 'lender' | 'platform';

  @ApiProperty({ maxLength: 200, description: 'the cheque or transfer reference' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference!: string;
}

export class ExplanationRequestDto {
  @ApiProperty({ format: 'date-time', description: "when the borrower's authenticated request was received" })
  @IsDateString({ strict: true })
  received_at!: string;
}
