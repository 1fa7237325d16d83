import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_FLAGS, CASE_STATUSES, CaseFlag, CaseStatus } from '../domain/case-status';

export class SetFlagDto {
  @ApiProperty({ enum: CASE_FLAGS })
  @IsIn(CASE_FLAGS)
  flag: CaseFlag;

  @ApiProperty({ example: 'Chapter 7 petition filed 2024-05-02, case no. 24-10233' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class ClearFlagDto {
  @ApiProperty({ example: 'Debt verification sent 2024-06-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class ChangeCaseStatusDto {
  @ApiProperty({ enum: CASE_STATUSES, description: 'a lender may set new, resolved or written_off; the other statuses follow the marketplace and jobs' })
  @IsIn(CASE_STATUSES)
  status: CaseStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
