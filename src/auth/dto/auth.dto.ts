import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ORG_ROLES, PLATFORM_ROLES, REGISTRABLE_ORG_KINDS, Role } from '../../common/tenancy/principal';
import { REGION_CODE } from '../../common/validation/region';
import { IsAcceptablePassword } from './password.validator';

export class NewOrgDto {
  @ApiProperty({ example: 'First Auto Finance' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: REGISTRABLE_ORG_KINDS })
  @IsIn(REGISTRABLE_ORG_KINDS)
  kind: (typeof REGISTRABLE_ORG_KINDS)[number];

  @ApiProperty({ example: 'US-TX', description: 'ISO 3166-2 subdivision (US-TX) or country (US)' })
  @Matches(REGION_CODE, { message: 'region must be an ISO 3166-2 code such as US-TX or a country code such as US' })
  region: string;
}

export class NewUserDto {
  @ApiProperty({ example: 'ops@firstauto.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters; not a common password, one repeated character, or containing the e-mail (NIST SP 800-63B)' })
  @IsString()
  @IsAcceptablePassword()
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: 'Dana Ortiz' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class RegisterDto {
  @ApiProperty({ type: NewOrgDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NewOrgDto)
  org: NewOrgDto;

  @ApiProperty({ type: NewUserDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NewUserDto)
  user: NewUserDto;
}

export class LoginDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refresh_token: string;
}

export class AddOrgUserDto extends NewUserDto {
  @ApiProperty({ enum: [...ORG_ROLES, ...PLATFORM_ROLES] })
  @IsIn([...ORG_ROLES, ...PLATFORM_ROLES])
  role: Role;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'loan-system' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ enum: ['manager', 'agent', 'viewer', 'compliance'], default: 'manager' })
  @IsOptional()
  @IsIn(['manager', 'agent', 'viewer', 'compliance'])
  role?: Role;
}
