import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CHANNELS, Channel, JURISDICTION, RULE_KINDS } from '../domain/contact-rules';

const JURISDICTION_MESSAGE = 'jurisdiction must be *, a country code such as US or a region code such as US-MA';

export class ComplianceRuleDto {
  @ApiProperty({ example: 'us.call_frequency', description: 'stable per jurisdiction; a region’s rule with a country’s code replaces it' })
  @IsString()
  @MaxLength(80)
  code: string;

  @ApiProperty({ enum: RULE_KINDS })
  @IsIn(RULE_KINDS)
  kind: string;

  @ApiProperty({ example: 'Reg F 12 CFR §1006.14(b)(2)(i)(A)' })
  @IsString()
  @MaxLength(300)
  citation: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'checked against the kind (docs/compliance.md)', example: { max: 7, window: 'rolling_days', days: 7, scope: 'debt', counts: 'placed', channels: ['call'] } })
  @IsObject()
  parameters: Record<string, unknown>;
}

/** `PUT /v1/admin/compliance-rules`: the next version of one jurisdiction's set, whole. */
export class PutComplianceRulesDto {
  @ApiProperty({ example: 'US-MA' })
  @Matches(JURISDICTION, { message: JURISDICTION_MESSAGE })
  jurisdiction: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'when this version takes effect; now when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effective_from?: string;

  @ApiProperty({ type: [ComplianceRuleDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ComplianceRuleDto)
  rules: ComplianceRuleDto[];
}

export class RuleSetsQueryDto {
  @ApiPropertyOptional({ example: 'US' })
  @IsOptional()
  @Matches(JURISDICTION, { message: JURISDICTION_MESSAGE })
  jurisdiction?: string;
}

/** `POST /v1/compliance/check`: may this contact happen at this moment? */
export class ComplianceCheckDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  case_id: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ maxLength: 200, description: 'the phone, e-mail or address to be used; the borrower’s own for the channel when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'the moment asked about; now when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}
