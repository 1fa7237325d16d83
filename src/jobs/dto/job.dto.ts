import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { JOB_STATUSES, JobStatus } from '../domain/job-status';
import { JOB_OUTCOMES, JobOutcome } from '../domain/job-lifecycle';
import { WORK_KINDS, WorkKind } from '../domain/work-kind';

export class JobListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  listing_id?: string;

  @ApiPropertyOptional({ enum: WORK_KINDS })
  @IsOptional()
  @IsIn(WORK_KINDS)
  kind?: WorkKind;

  @ApiPropertyOptional({ description: 'jobs that work this case' })
  @IsOptional()
  @IsUUID()
  case_id?: string;

  @ApiPropertyOptional({ description: "the partner org (the lender's view)" })
  @IsOptional()
  @IsUUID()
  partner_id?: string;

  @ApiPropertyOptional({ enum: ['breached'], description: 'jobs that have missed an SLA clock (DESIGN §6)' })
  @IsOptional()
  @IsIn(['breached'])
  sla?: 'breached';
}

export class DeclineJobDto {
  @ApiPropertyOptional({ example: 'no field capacity in that county this week' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class JobReasonDto {
  @ApiProperty({ example: 'borrower moved out of our service area' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

export class CompleteJobDto {
  @ApiProperty({ enum: JOB_OUTCOMES, description: 'collection: paid_in_full, settled, payment_plan; repossession: vehicle_recovered, redeemed; transport: delivered; skip_trace: skip_traced' })
  @IsIn(JOB_OUTCOMES)
  outcome: JobOutcome;

  @ApiPropertyOptional({ example: 'vehicle in yard 2, keys with the yard office' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}
