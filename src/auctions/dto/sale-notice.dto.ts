import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../common/money/money.dto';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';
import { SALE_NOTICE_METHODS, SaleNoticeMethod } from '../sale-notice.entity';

export class NoticeExpenseDto {
  @ApiProperty({ example: 'repossession fee' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  label: string;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;
}

export class NoticeContactDto {
  @ApiProperty({ example: 'Recovery desk, First Bank' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '+1 415 555 0100', description: 'the number the borrower calls to learn the amount to redeem (UCC §9-614(1)(C))' })
  @IsString()
  @MinLength(5)
  @MaxLength(40)
  phone: string;

  @ApiPropertyOptional({ example: 'PO Box 100, San Francisco CA 94105' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

/** `POST /v1/vehicles/:id/sale-notice`: the notice of plan to sell the lender sent the borrower (UCC §9-611/§9-614). */
export class CreateSaleNoticeDto {
  @ApiProperty({ example: '2026-11-20', description: 'the day the notice was sent (not in the future)' })
  @IsCalendarDate()
  sent_on: string;

  @ApiProperty({ enum: SALE_NOTICE_METHODS })
  @IsIn(SALE_NOTICE_METHODS)
  method: SaleNoticeMethod;

  @ApiProperty({ type: NoticeContactDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => NoticeContactDto)
  contact: NoticeContactDto;

  @ApiProperty({ type: [NoticeExpenseDto], description: 'the expenses of retaking, holding and preparing the vehicle so far, itemised (added to the redemption amount)' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => NoticeExpenseDto)
  expenses: NoticeExpenseDto[];
}
