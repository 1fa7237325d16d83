import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';

/** `POST /v1/statements`: a statement up to now, on demand. */
export class IssueStatementDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'platform staff: the partner; a partner always gets its own' })
  @IsOptional()
  @IsUUID(undefined, { message: 'partner_org_id must be an org id' })
  partner_org_id?: string;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency: string;
}

export class StatementListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;
}
