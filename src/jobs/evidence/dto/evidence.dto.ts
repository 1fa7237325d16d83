import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../../common/money/money.dto';
import { EVIDENCE_KINDS, EvidenceKind } from '../domain/evidence';
import { RELEASE_RECIPIENTS, ReleaseRecipient } from '../evidence.entity';

/** The text field of `POST /v1/jobs/{id}/evidence` (multipart; the file is `file`). */
export class EvidenceFieldsDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;
}

export class ReleasePersonalEffectDto {
  @ApiProperty({ enum: RELEASE_RECIPIENTS })
  @IsIn(RELEASE_RECIPIENTS)
  released_to: ReleaseRecipient;

  @ApiProperty({ example: 'Jane Doe', description: 'who took the items (stored encrypted)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  recipient_name: string;

  @ApiPropertyOptional({ example: '2027-01-12T18:00:00.000Z', description: 'defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  released_at?: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'refused unless zero: personal effects go back without a release fee (DESIGN §6)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  fee?: MoneyDto;
}
