import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination';
import { PAYOUT_METHODS, PAYOUT_STATUSES, PayoutMethod, PayoutStatus } from '../domain/payout-status';

/** POST /v1/payouts: pay one issued statement's net payable. */
export class CreatePayoutDto {
  @ApiProperty({ format: 'uuid', description: 'the issued statement whose net payable is paid' })
  @IsUUID()
  statement_id: string;

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
