import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../../common/money/money.dto';
import { PageQuery } from '../../common/pagination/pagination';
import { VEHICLE_STATUSES, VehicleStatus } from '../domain/vehicle-status';
import { TITLE_STATUSES, TitleStatus } from '../vehicle.entity';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';
import { SUBDIVISION_CODE } from '../../common/validation/region';


/** A valuation: an amount in the case currency, its source and date. */
export class ValuationDto extends MoneyDto {
  @ApiProperty({ example: 'Manheim MMR' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  source: string;

  @ApiProperty({ example: '2024-06-01' })
  @IsCalendarDate({ message: 'date must be a date as YYYY-MM-DD' })
  date: string;
}

export class PositionDto {
  @ApiProperty({ example: 30.2672 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude: number;

  @ApiProperty({ example: -97.7431 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude: number;

  @ApiProperty({ example: '2024-06-01T14:03:00Z' })
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 timestamp' })
  at: string;
}

export class CreateVehicleDto {
  @ApiProperty({ example: '1HGCM82633A004352', description: '17 characters, no I/O/Q; the check digit is verified for North-American VINs' })
  @IsString()
  @MaxLength(32)
  vin: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the case the vehicle secures (one vehicle per case)' })
  @IsOptional()
  @IsUUID()
  case_id?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 16, example: 'ABC1234' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  plate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'US-TX', description: 'ISO 3166-2 region of the plate; required with a plate; decides whether the VIN check digit applies' })
  @IsOptional()
  @Matches(SUBDIVISION_CODE, { message: 'plate_region must be an ISO 3166-2 region code such as US-TX or DE-BY' })
  plate_region?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, example: 'Toyota' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  make?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, example: 'Camry' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  model?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1900, maximum: 2100, example: 2021 })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  year?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: 10_000_000, example: 48_200 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  mileage?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32, example: 'silver' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  colour?: string | null;

  @ApiPropertyOptional({ type: ValuationDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ValuationDto)
  valuation?: ValuationDto | null;

  @ApiPropertyOptional({ type: PositionDto, nullable: true, description: 'last known GPS position' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PositionDto)
  last_position?: PositionDto | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  keys_available?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: 'lien registration reference' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  lien_ref?: string | null;

  @ApiPropertyOptional({ enum: TITLE_STATUSES })
  @IsOptional()
  @IsIn(TITLE_STATUSES)
  title_status?: TitleStatus | null;
}

/** Everything but the VIN may change; a mistyped VIN is a new vehicle. */
export class UpdateVehicleDto extends PartialType(OmitType(CreateVehicleDto, ['vin'] as const)) {}

export class ChangeVehicleStatusDto {
  @ApiProperty({ enum: VEHICLE_STATUSES, description: "a lender may set repo_ordered, order_cancelled or redeemed (422 vehicle.status_not_settable otherwise); the others follow the tow operator's reports and the auction" })
  @IsIn(VEHICLE_STATUSES)
  status: VehicleStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class VehicleListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VEHICLE_STATUSES })
  @IsOptional()
  @IsIn(VEHICLE_STATUSES)
  status?: VehicleStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  case_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  vin?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  has_case?: 'true' | 'false';
}
