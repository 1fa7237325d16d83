import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { REGION_CODE } from '../../common/validation/region';
import { CREDENTIAL_TYPES, CredentialKind, CredentialType } from '../domain/credential';
import { CAPABILITIES, Capability } from '../domain/eligibility';
import { MoneyDto } from '../../common/money/money.dto';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';


/**
 * The fields of `POST /v1/partner-profile/credentials` (multipart/form-data; the file is `document`).
 * Multipart fields are text, so coverage is `coverage_amount` (integer minor units) + `coverage_currency`.
 */
export class CredentialFieldsDto {
  @ApiPropertyOptional({ enum: ['licence', 'insurance'], description: 'implied by type; refused when it contradicts it' })
  @IsOptional()
  @IsIn(['licence', 'insurance'])
  kind?: CredentialKind;

  @ApiProperty({ enum: CREDENTIAL_TYPES })
  @IsIn(CREDENTIAL_TYPES, { message: `type must be one of ${CREDENTIAL_TYPES.join(', ')}` })
  type: CredentialType;

  @ApiProperty({ example: 'REPO-123456' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number: string;

  @ApiProperty({ example: 'US-CA' })
  @Matches(REGION_CODE, { message: 'issuing_region must be an ISO 3166-2 code such as US-CA or a country code such as US' })
  issuing_region: string;

  @ApiPropertyOptional({ example: '10000000', description: 'integer minor units; required for insurance' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'coverage_amount must be an integer number of minor units' })
  coverage_amount?: string;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'coverage_currency must be an ISO 4217 code such as USD' })
  coverage_currency?: string;

  @ApiProperty({ example: '2025-01-01' })
  @IsCalendarDate({ message: 'effective_on must be a date YYYY-MM-DD' })
  effective_on: string;

  @ApiProperty({ example: '2025-12-31', description: 'last valid day' })
  @IsCalendarDate({ message: 'expires_on must be a date YYYY-MM-DD' })
  expires_on: string;
}

export class CredentialRequirementDto {
  @ApiProperty({ enum: CAPABILITIES })
  @IsIn(CAPABILITIES)
  capability: Capability;

  @ApiProperty({ example: 'US-CA', description: 'a region code, a country code, or * for everywhere' })
  @Matches(/^(\*|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/, { message: 'region must be *, a country code such as US or a region code such as US-CA' })
  region: string;

  @ApiProperty({ enum: CREDENTIAL_TYPES })
  @IsIn(CREDENTIAL_TYPES)
  credential_type: CredentialType;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  min_coverage?: MoneyDto;
}

/** `PUT /v1/admin/credential-requirements`: the whole table, replaced in one transaction. */
export class PutCredentialRequirementsDto {
  @ApiProperty({ type: [CredentialRequirementDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => CredentialRequirementDto)
  requirements: CredentialRequirementDto[];
}

export class RequirementsQueryDto {
  @ApiProperty({ enum: CAPABILITIES })
  @IsIn(CAPABILITIES)
  capability: Capability;

  @ApiProperty({ example: 'US-CA' })
  @Matches(REGION_CODE, { message: 'region must be an ISO 3166-2 code such as US-CA or a country code such as US' })
  region: string;
}
