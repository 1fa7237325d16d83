import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { JOB_STATUSES, JobStatus } from '../domain/job-status';

export class JobListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  listing_id?: string;
}

export class DeclineJobDto {
  @ApiPropertyOptional({ example: 'no field capacity in that county this week' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
