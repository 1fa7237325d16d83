import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, ComplaintCategory, ComplaintStatus } from '../domain/complaint-status';

/** `POST /v1/complaints`: against a job (its partner is the subject) or a partner. */
export class FileComplaintDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  job_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the partner; taken from the job when job_id is given' })
  @IsOptional()
  @IsUUID()
  partner_org_id?: string;

  @ApiProperty({ enum: COMPLAINT_CATEGORIES })
  @IsIn(COMPLAINT_CATEGORIES)
  category: ComplaintCategory;

  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  description: string;

  @ApiPropertyOptional({ description: 'a lender filing what its borrower reported' })
  @IsOptional()
  @IsBoolean()
  on_behalf_of_borrower?: boolean;
}

export class ComplaintDecisionDto {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class ComplaintListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @IsOptional()
  @IsIn(COMPLAINT_STATUSES)
  status?: ComplaintStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partner_org_id?: string;
}

export class ReviewListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class CloseReviewDto extends ComplaintDecisionDto {
  @ApiProperty({ enum: ['suspended', 'cleared'], description: 'suspend the partner through POST /v1/admin/partners/{orgId}/suspend; this records the decision' })
  @IsIn(['suspended', 'cleared'])
  outcome: 'suspended' | 'cleared';
}
