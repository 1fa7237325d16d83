import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsISO8601, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../common/money/money.dto';
import { PageQuery } from '../../common/pagination/pagination';
import { REGION_CODE } from '../../common/validation/region';
import { LOT_STATUSES, LotStatus } from '../domain/lot-status';

export class IncrementBracketDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'amounts below this (minor units) bid up by `increment`; null on the last bracket' })
  @IsOptional()
  @IsInt()
  below: number | null;

  @ApiProperty({ type: 'integer', description: 'minor units' })
  @IsInt()
  increment: number;
}

export class AntiSnipingDto {
  @ApiProperty({ type: 'integer', example: 120 })
  @IsInt()
  @Min(0)
  @Max(3600)
  window_seconds: number;

  @ApiProperty({ type: 'integer', example: 120 })
  @IsInt()
  @Min(0)
  @Max(3600)
  extension_seconds: number;
}

export class BuyerPremiumDto {
  @ApiProperty({ type: 'integer', example: 1000, description: 'basis points of the hammer price' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  bps: number;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  min: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  max?: MoneyDto;
}

export class PickupLocationDto {
  @ApiProperty({ example: 'Bay Tow yard 2' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '1200 Harbor Way, Oakland CA' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  address: string;

  @ApiProperty({ example: 'US-CA' })
  @Matches(REGION_CODE, { message: 'region must be a region code such as US-CA' })
  region: string;
}

export class SellerFeeDto {
  @ApiProperty({ example: 'auction listing fee' })
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

/** `POST /v1/auctions`: a draft lot of a vehicle in storage (DESIGN §7). */
export class CreateAuctionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  vehicle_id: string;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  start_price: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'hidden from buyers; they only learn whether it is met' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  reserve_price?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  buy_now_price?: MoneyDto;

  @ApiPropertyOptional({ type: [IncrementBracketDto], description: 'default DESIGN §7: under 1,000: 25; under 5,000: 50; under 10,000: 100; above: 250 (major units)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IncrementBracketDto)
  increment_table?: IncrementBracketDto[];

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  starts_at: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  ends_at: string;

  @ApiPropertyOptional({ type: AntiSnipingDto, description: 'default 120 s window, 120 s extension' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AntiSnipingDto)
  anti_sniping?: AntiSnipingDto;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  deposit_required: MoneyDto;

  @ApiProperty({ type: BuyerPremiumDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BuyerPremiumDto)
  buyer_premium: BuyerPremiumDto;

  @ApiProperty({ type: PickupLocationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PickupLocationDto)
  pickup_location: PickupLocationDto;

  @ApiPropertyOptional({ type: [SellerFeeDto], description: 'what selling the lot costs the lender; the sale settlement takes them as expenses of disposing (UCC §9-615(a)(1)); shown to the lender only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SellerFeeDto)
  seller_fees?: SellerFeeDto[];
}

export class AuctionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LOT_STATUSES })
  @IsOptional()
  @IsIn(LOT_STATUSES)
  status?: LotStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  make?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  model?: string;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2100)
  year_min?: number;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2100)
  year_max?: number;

  @ApiPropertyOptional({ example: 'US-CA' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'region must be a region code such as US-CA' })
  region?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  ends_before?: string;
}

export class PlaceAuctionBidDto {
  @ApiProperty({ type: MoneyDto, description: 'your proxy maximum; the system bids for you up to it' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  max_amount: MoneyDto;
}

/** `POST /v1/deposits`: a card hold for a lot's deposit (DESIGN §7). */
export class CreateDepositDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lot_id: string;

  @ApiProperty({ example: 'pm_card_visa', description: 'a Stripe payment method of the buyer' })
  @IsString()
  @Matches(/^pm_[A-Za-z0-9_]{1,200}$/, { message: 'payment_method must be a Stripe payment method id (pm_…)' })
  payment_method: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'default the lot’s deposit_required; more covers a higher maximum (10 times the deposit)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount?: MoneyDto;
}

export class CancelAuctionDto {
  @ApiProperty({ example: 'the borrower redeemed the vehicle' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}
