import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
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
import { REGION_CODE } from '../../common/validation/region';
import { BUYER_TYPES, BuyerType } from '../domain/buyer-verification';
import { CAPABILITIES, Capability } from '../domain/eligibility';
import { MoneyDto } from '../../common/money/money.dto';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';

const REGION_MESSAGE = 'must be an ISO 3166-2 code such as US-TX or a country code such as US';

export class ContactDto {
  @ApiProperty({ example: 'Dana Ortiz' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'operations' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;

  @ApiPropertyOptional({ example: 'ops@towco.example' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+1 713 555 0100' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,30}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class GeoPointDto {
  @ApiProperty({ example: 29.76 })
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ example: -95.37 })
  @IsNumber()
  @Min(-180)
  @Max(180)
  lng: number;
}

export class ServiceAreaDto {
  @ApiProperty({ example: 'US-TX' })
  @Matches(REGION_CODE, { message: `region ${REGION_MESSAGE}` })
  region: string;

  @ApiPropertyOptional({ example: ['770', '773'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  postal_prefixes?: string[];

  @ApiPropertyOptional({ type: GeoPointDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointDto)
  centre?: GeoPointDto;

  @ApiPropertyOptional({ example: 80 })
  @IsOptional()
  @IsNumber()
  radius_km?: number;
}

export class CapacityDto {
  @ApiProperty({ example: 40, description: 'jobs the partner can run at once' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  max_concurrent_jobs: number;
}

export class YardAddressDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) line1: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) city: string;
  @ApiProperty({ example: 'US-TX' })
  @Matches(REGION_CODE, { message: `region ${REGION_MESSAGE}` })
  region: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) postal_code?: string;
}

export class StorageYardDto {
  @ApiPropertyOptional({ description: 'id of an existing yard to keep (and update); omit for a new yard' })
  @IsOptional()
  @IsUUID('all', { message: 'id must be the id of one of your yards' })
  id?: string;

  @ApiProperty({ example: 'Houston North' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ type: YardAddressDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => YardAddressDto)
  address: YardAddressDto;

  @ApiProperty({ example: 120, description: 'vehicles the yard can hold' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity: number;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  daily_rate: MoneyDto;
}

/** `PUT /v1/partner-profile`: the whole profile, replaced (DESIGN §3). */
export class PutPartnerProfileDto {
  @ApiProperty({ example: 'Lone Star Recovery LLC' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  legal_name: string;

  @ApiPropertyOptional({ example: 'TX-0801234567', description: 'required for agencies and tow operators' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  registration_number?: string;

  @ApiProperty({ type: [ContactDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'contacts must list at least one contact' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts: ContactDto[];

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CAPABILITIES, { each: true, message: `each capability must be one of ${CAPABILITIES.join(', ')}` })
  capabilities?: Capability[];

  @ApiPropertyOptional({ type: [ServiceAreaDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ServiceAreaDto)
  service_areas?: ServiceAreaDto[];

  @ApiPropertyOptional({ type: CapacityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapacityDto)
  capacity?: CapacityDto;

  @ApiPropertyOptional({ type: [StorageYardDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => StorageYardDto)
  storage_yards?: StorageYardDto[];

  @ApiPropertyOptional({ enum: BUYER_TYPES, description: 'buyers only' })
  @IsOptional()
  @IsIn(BUYER_TYPES)
  buyer_type?: BuyerType;
}

/** A status change by the platform: every one has a reason (DESIGN §3). */
export class VettingDecisionDto {
  @ApiProperty({ example: 'documents checked against the state register' })
  @IsString()
  @Matches(/\S/, { message: 'reason is required' })
  @MaxLength(2000)
  reason: string;
}

export class IdentityVerificationDto {
  @ApiPropertyOptional({ example: '2025-06-01', description: 'defaults to today' })
  @IsOptional()
  @IsCalendarDate({ message: 'verified_on must be a date YYYY-MM-DD' })
  verified_on?: string;

  @ApiProperty({ example: 'passport and proof of address checked' })
  @IsString()
  @Matches(/\S/, { message: 'reason is required' })
  @MaxLength(2000)
  reason: string;
}
