import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../pagination/pagination';

/** `GET /v1/audit-log`: the filters people search the trail by (DESIGN §2). */
export class AuditLogQueryDto extends PageQuery {
  @ApiPropertyOptional({ example: 'job', description: 'entity type' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @ApiPropertyOptional({ description: 'entity id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entity_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the acting user, API key or org' })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ example: 'compliance.contact_refused' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'from this moment, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'until this moment, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
