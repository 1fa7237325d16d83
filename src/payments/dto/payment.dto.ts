import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';
import { PAYMENT_METHODS, PaymentMethod } from '../payment.entity';

class PaymentAmountDto {
  @ApiProperty({ example: 25_000, minimum: 1, description: 'integer minor units' })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be at least 1 minor unit' })
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency: string;
}

/** `POST /v1/cases/{id}/payments` (DESIGN §8, §11). */
export class ConfirmPaymentDto {
  @ApiProperty({ type: PaymentAmountDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PaymentAmountDto)
  amount: PaymentAmountDto;

  @ApiProperty({ example: '2026-01-15', description: 'the day the borrower paid' })
  @IsCalendarDate()
  received_on: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method: PaymentMethod;

  @ApiProperty({ example: 'ACH-20260115-0042', description: "the lender's or the loan system's reference" })
  @IsString()
  @Length(1, 200)
  reference: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the partner's payment_reported event this confirms" })
  @IsOptional()
  @IsUUID(undefined, { message: 'reported_event_id must be an event id' })
  reported_event_id?: string;
}

export class ReversePaymentDto {
  @ApiProperty({ example: 'the check bounced' })
  @IsString()
  @Length(1, 1000)
  reason: string;
}

export class PlatformFeeScheduleDto {
  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency: string;

  @ApiProperty({ example: 500, description: "the platform's take on amounts recovered, basis points (taken out of the partner's commission)" })
  @IsInt()
  @Min(0)
  @Max(10_000)
  recovered_bps: number;

  @ApiPropertyOptional({ example: 300, description: "the platform's take on hammer price, basis points" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  hammer_bps?: number;
}
