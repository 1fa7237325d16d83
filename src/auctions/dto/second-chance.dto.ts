import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { SECOND_CHANCE_STATUSES, SecondChanceStatus } from '../second-chance-offer.entity';

export class SecondChanceQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SECOND_CHANCE_STATUSES })
  @IsOptional()
  @IsIn(SECOND_CHANCE_STATUSES)
  status?: SecondChanceStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lot_id?: string;
}

/** `POST /v1/second-chance-offers/:id/accept`. */
export class AcceptSecondChanceDto {
  @ApiPropertyOptional({ example: 'pm_card_visa', description: 'a Stripe payment method for the deposit hold the offer needs (`deposit_required`); not needed when the lot takes no deposit' })
  @IsOptional()
  @IsString()
  @Matches(/^pm_[A-Za-z0-9_]{1,200}$/, { message: 'payment_method must be a Stripe payment method id (pm_…)' })
  payment_method?: string;
}
