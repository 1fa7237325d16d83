import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../common/money/money.dto';
import { PageQuery } from '../../common/pagination/pagination';

/** `POST /v1/invoices/:id/payment-intent`: the buyer pays the balance by card (DESIGN §7). */
export class PayInvoiceDto {
  @ApiProperty({ example: 'pm_card_visa', description: 'a Stripe payment method of the buyer' })
  @IsString()
  @Matches(/^pm_[A-Za-z0-9_]{1,200}$/, { message: 'payment_method must be a Stripe payment method id (pm_…)' })
  payment_method: string;
}

/** `POST /v1/invoices/:id/confirm-transfer`: a platform admin saw the buyer's bank transfer arrive. */
export class ConfirmTransferDto {
  @ApiProperty({ example: 'WIRE-2026-12-02-0042', description: 'the bank’s reference of the transfer' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  reference: string;

  @ApiProperty({ type: MoneyDto, description: 'what arrived; must be the invoice’s balance due' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;
}

/** `POST /v1/releases/:id/pick-up`: the yard types the code the buyer shows at the gate. */
export class PickUpDto {
  @ApiProperty({ example: 'K7QM3XPA', description: 'the buyer’s release code (case, spaces and dashes ignored)' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  release_code: string;
}

export class ReleaseQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['ordered', 'picked_up'] })
  @IsOptional()
  @IsIn(['ordered', 'picked_up'])
  status?: 'ordered' | 'picked_up';
}
