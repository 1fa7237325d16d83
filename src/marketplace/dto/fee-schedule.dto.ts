import { MoneyDto } from '../../common/money/money.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsDefined, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { BUCKETS, FLAT_FEE_EVENTS } from '../domain/fee-schedule';

export class CreateFeeScheduleDto {
  @ApiProperty({ example: 'Texas auto collections 2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'DESIGN §5 fee schedule (see docs/marketplace.md); amounts in minor units',
    example: { schema_version: 1, currency: 'USD', contingency_bps: { M1: 1500, M2: 2000, M3: 2500, 'M4+': 3500 }, min_fee: { amount: 2500, currency: 'USD' } },
  })
  @IsObject()
  schedule: Record<string, unknown>;
}

export class ReviseFeeScheduleDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the whole schedule of the new version (docs/marketplace.md)' })
  @IsObject()
  schedule: Record<string, unknown>;
}

export class FeeOutcomeDto {
  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount_recovered?: MoneyDto;

  @ApiPropertyOptional({ enum: BUCKETS })
  @IsOptional()
  @IsIn(BUCKETS)
  bucket?: (typeof BUCKETS)[number];

  @ApiPropertyOptional({ enum: FLAT_FEE_EVENTS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(FLAT_FEE_EVENTS, { each: true })
  events?: (typeof FLAT_FEE_EVENTS)[number][];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  storage_days?: number;

  @ApiPropertyOptional({ description: 'distance in whole metres' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  distance_m?: number;
}

export class QuoteDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'an inline schedule; or give fee_schedule_id' })
  @IsOptional()
  @IsObject()
  schedule?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  fee_schedule_id?: string;

  @ApiProperty({ type: FeeOutcomeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => FeeOutcomeDto)
  outcome: FeeOutcomeDto;
}
