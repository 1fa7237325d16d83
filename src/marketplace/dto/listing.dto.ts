import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { LISTING_STATUSES, ListingStatus } from '../domain/listing-state';
import { DEFAULT_ACCEPT_HOURS } from '../../jobs/domain/job-status';
import { WORK_KINDS, WorkKind } from '../../jobs/domain/work-kind';
import { CAPABILITIES, Capability } from '../../partners/domain/eligibility';
import { REGION_CODE } from '../../common/validation/region';
import { BIDDING_MODES, BiddingMode } from '../domain/listing-draft';
import { MoneyDto } from '../../common/money/money.dto';

export class IntRangeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  min?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  max?: number;
}

export class SlaBoundsDto {
  @ApiPropertyOptional({ type: IntRangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntRangeDto)
  first_action_hours?: IntRangeDto;

  @ApiPropertyOptional({ type: IntRangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntRangeDto)
  completion_days?: IntRangeDto;
}

export class BoundsDto {
  @ApiPropertyOptional({ example: 2500, description: 'bids pay a contingency at or below this' })
  @IsOptional()
  @IsInt()
  max_contingency_bps?: number;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  max_flat_fee?: MoneyDto;

  @ApiPropertyOptional({ type: SlaBoundsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaBoundsDto)
  sla?: SlaBoundsDto;
}

export class WeightsDto {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) price?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) performance?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) quality?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) sla?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) capacity?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) proximity?: number;
}

export class SplitDto {
  @ApiProperty({ enum: ['by_region', 'by_bucket', 'by_balance_band', 'even'] })
  @IsIn(['by_region', 'by_bucket', 'by_balance_band', 'even'])
  kind: 'by_region' | 'by_bucket' | 'by_balance_band' | 'even';

  @ApiPropertyOptional({ type: 'integer', isArray: true, description: 'by_balance_band: ascending thresholds in minor units', example: [100_000, 500_000] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  thresholds?: number[];

  @ApiPropertyOptional({ description: 'even: the number of lots' })
  @IsOptional()
  @IsInt()
  lots?: number;
}

export class CreateListingDto {
  @ApiProperty({ enum: WORK_KINDS })
  @IsIn(WORK_KINDS)
  kind: WorkKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ description: 'collection and skip_trace: the cases (one, or a portfolio)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  case_ids?: string[];

  @ApiPropertyOptional({ description: 'repossession and transport: the vehicle' })
  @IsOptional()
  @IsUUID()
  vehicle_id?: string;

  @ApiPropertyOptional({ description: 'transport: where the work is, when not the vehicle’s plate region' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'region must be a region code such as US-TX' })
  region?: string;

  @ApiPropertyOptional({ enum: CAPABILITIES, description: 'defaults from the kind' })
  @IsOptional()
  @IsIn(CAPABILITIES)
  capability?: Capability;

  @ApiPropertyOptional({ example: 0.4 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  min_score?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  blocked_partner_ids?: string[];

  @ApiProperty({ enum: BIDDING_MODES })
  @IsIn(BIDDING_MODES)
  bidding_mode: BiddingMode;

  @ApiPropertyOptional({ description: 'direct: the partner offered the job' })
  @IsOptional()
  @IsUUID()
  direct_partner_id?: string;

  @ApiPropertyOptional({ description: 'sealed and open: when bidding closes and the listing is awarded automatically' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deadline?: string;

  @ApiPropertyOptional({ type: BoundsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BoundsDto)
  bounds?: BoundsDto;

  @ApiProperty()
  @IsUUID()
  fee_schedule_id: string;

  @ApiPropertyOptional({ type: WeightsDto, description: 'scoring weights; missing ones keep the defaults' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeightsDto)
  weights?: WeightsDto;

  @ApiPropertyOptional({ type: SplitDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SplitDto)
  split?: SplitDto;

  @ApiPropertyOptional({ example: 2000, description: "challenger's share of each lot in bps (2000 = 80/20)" })
  @IsOptional()
  @IsInt()
  challenger_share_bps?: number;

  @ApiPropertyOptional({ default: true, description: 'offer declined or expired work to the next-best bid' })
  @IsOptional()
  @IsBoolean()
  reoffer?: boolean;

  @ApiPropertyOptional({ default: DEFAULT_ACCEPT_HOURS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  accept_hours?: number;

  @ApiPropertyOptional({ default: false, description: 'a job that breaches an SLA (first action, silence, completion) is recalled and its work offered to the next-best bid' })
  @IsOptional()
  @IsBoolean()
  auto_recall_on_breach?: boolean;

  @ApiPropertyOptional({ default: 3, minimum: 0, maximum: 30, description: 'days after its date before an unpaid promise to pay is broken' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  promise_grace_days?: number;

  @ApiPropertyOptional({
    default: true,
    description: 'false stores a draft: nothing is listed, nobody is told and no timer runs until `POST /v1/listings/{id}/publish`',
  })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

/**
 * `PATCH /v1/listings/:id`. On a draft every field here may change (the result is checked like a
 * new listing; `null` clears description, min_score, split, challenger_share_bps,
 * direct_partner_id); on a published listing only `deadline` moves.
 */
export class UpdateListingDto {
  @ApiPropertyOptional({ description: 'open listing: moves the deadline and its award timer; draft: the deadline bidding will close at' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deadline?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ description: 'collection and skip_trace drafts: the cases (replaces the list)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  case_ids?: string[];

  @ApiPropertyOptional({ description: 'transport drafts: where the work is' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'region must be a region code such as US-TX' })
  region?: string;

  @ApiPropertyOptional({ enum: CAPABILITIES })
  @IsOptional()
  @IsIn(CAPABILITIES)
  capability?: Capability;

  @ApiPropertyOptional({ nullable: true, example: 0.4 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  min_score?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  blocked_partner_ids?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'direct drafts: the partner offered the job' })
  @IsOptional()
  @IsUUID()
  direct_partner_id?: string | null;

  @ApiPropertyOptional({ type: BoundsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BoundsDto)
  bounds?: BoundsDto;

  @ApiPropertyOptional({ type: WeightsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeightsDto)
  weights?: WeightsDto;

  @ApiPropertyOptional({ type: SplitDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SplitDto)
  split?: SplitDto | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  challenger_share_bps?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  reoffer?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  accept_hours?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  auto_recall_on_breach?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  promise_grace_days?: number;
}

export class ListingQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LISTING_STATUSES })
  @IsOptional()
  @IsIn(LISTING_STATUSES)
  status?: ListingStatus;

  @ApiPropertyOptional({ enum: WORK_KINDS })
  @IsOptional()
  @IsIn(WORK_KINDS)
  kind?: WorkKind;
}

export class SlaDto {
  @ApiProperty({ example: 12 })
  @IsInt()
  first_action_hours: number;

  @ApiProperty({ example: 30 })
  @IsInt()
  completion_days: number;
}

export class PlaceBidDto {
  @ApiPropertyOptional({ example: 1800 })
  @IsOptional()
  @IsInt()
  contingency_bps?: number;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  flat_fee?: MoneyDto;

  @ApiProperty({ type: SlaDto })
  @IsDefined({ message: 'sla is a required commitment: { first_action_hours, completion_days }' })
  @ValidateNested()
  @Type(() => SlaDto)
  sla: SlaDto;

  @ApiPropertyOptional({ description: 'lots the bid is for; all the partner may serve when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  lot_keys?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AwardSelectionDto {
  @ApiPropertyOptional({ description: 'the lot; may be left out when the listing has one lot' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lot_key?: string;

  @ApiProperty()
  @IsUUID()
  bid_id: string;
}

export class AwardDto {
  @ApiPropertyOptional({ description: 'award by score, as the deadline would' })
  @IsOptional()
  @IsBoolean()
  auto?: boolean;

  @ApiPropertyOptional({ type: [AwardSelectionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AwardSelectionDto)
  selections?: AwardSelectionDto[];
}
