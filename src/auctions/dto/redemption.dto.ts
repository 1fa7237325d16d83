import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../common/money/money.dto';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';
import { NoticeExpenseDto } from './sale-notice.dto';

/** `POST /v1/vehicles/:id/redeem`: the borrower paid the total due plus the expenses so far (UCC §9-623). */
export class RedeemVehicleDto {
  @ApiProperty({ type: MoneyDto, description: 'what the borrower paid; at least the case’s total due plus the expenses' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount_paid: MoneyDto;

  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  paid_on: string;

  @ApiPropertyOptional({ type: [NoticeExpenseDto], description: 'the expenses so far, itemised; the latest notice of plan to sell’s when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => NoticeExpenseDto)
  expenses?: NoticeExpenseDto[];

  @ApiPropertyOptional({ example: 'wire 2026-12-01 #4471' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}
