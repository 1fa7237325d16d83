import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { DUTY_KINDS, DutyKind } from '../domain/repossession-duties';

export class HolidayDto {
  @ApiProperty({ example: '2026-11-26' })
  @IsString()
  date: string;

  @ApiProperty({ example: 'Thanksgiving Day' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class DutyRuleDto {
  @ApiProperty({ enum: DUTY_KINDS })
  @IsIn(DUTY_KINDS)
  duty: DutyKind;

  @ApiProperty({ type: 'integer', nullable: true, example: 48, description: 'hours after the recovery; null for the release of personal effects' })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(8760)
  within_hours: number | null;

  @ApiProperty({ type: 'integer', example: 24, description: 'added once when the base period encompasses a Saturday or Sunday' })
  @IsInt()
  @Min(0)
  @Max(720)
  weekend_extension_hours: number;

  @ApiProperty({ type: 'integer', example: 24, description: 'added once when the base period encompasses a holiday of the jurisdiction' })
  @IsInt()
  @Min(0)
  @Max(720)
  holiday_extension_hours: number;

  @ApiProperty({ example: 'Cal. Bus. & Prof. Code §7507.10(a)' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  citation: string;

  @ApiProperty()
  @IsString()
  @MaxLength(2000)
  description: string;
}

export class JurisdictionDto {
  @ApiProperty({ example: 'US-CA', description: 'a country (its default) or an ISO 3166-2 subdivision' })
  @IsString()
  code: string;

  @ApiProperty({ example: 'America/Los_Angeles', description: 'IANA time zone the deadlines’ days are counted in' })
  @IsString()
  time_zone: string;

  @ApiProperty({ type: [HolidayDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => HolidayDto)
  holidays: HolidayDto[];

  @ApiProperty({ type: [DutyRuleDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DutyRuleDto)
  duties: DutyRuleDto[];
}

/** `PUT /v1/admin/repossession-duties`: every jurisdiction, replaced in one transaction. */
export class PutRepossessionDutiesDto {
  @ApiProperty({ type: [JurisdictionDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => JurisdictionDto)
  jurisdictions: JurisdictionDto[];
}
