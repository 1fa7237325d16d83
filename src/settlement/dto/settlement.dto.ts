import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CreateListingDto } from '../../marketplace/dto/listing.dto';
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

  @ApiPropertyOptional({ enum: EXPLANATION_LANGUAGES, description: "the language of the printable page; the borrower's preferred language when omitted" })
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

/** A collection listing of the settlement's case: a listing as `POST /v1/listings` takes it, without its kind and cases. */
export class DeficiencyListingDto extends OmitType(CreateListingDto, ['kind', 'case_ids', 'vehicle_id', 'split'] as const) {}

export class PlaceDeficiencyDto {
  @ApiPropertyOptional({ type: DeficiencyListingDto, description: 'list the case for collection in the same call, under this fee schedule and these terms' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeficiencyListingDto)
  list?: DeficiencyListingDto;
}
