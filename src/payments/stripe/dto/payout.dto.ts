import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination';
import { PAYOUT_METHODS, PAYOUT_STATUSES, PayoutMethod, PayoutStatus } from '../domain/payout-status';

/** POST /v1/payouts: pay a partner what it is owed in one currency. */
export class CreatePayoutDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the partner paid; platform admins only (a partner is paid its own payable)' })
  @IsOptional()
  @IsUUID()
  partner_org_id?: string;

  @ApiProperty({ example: 'USD', description: 'ISO 4217: the partner payable in this currency is paid in full' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency: string;

  @ApiPropertyOptional({ enum: PAYOUT_METHODS, default: 'stripe_transfer', description: '`manual`: paid off-platform by wire, recorded by a platform admin' })
  @IsOptional()
  @IsIn(PAYOUT_METHODS)
  method?: PayoutMethod;

  @ApiPropertyOptional({ description: 'the wire’s reference; required with method manual' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  wire_reference?: string;
}

export class PayoutListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'platform staff: one partner’s payouts' })
  @IsOptional()
  @IsUUID()
  partner_org_id?: string;

  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;
}
