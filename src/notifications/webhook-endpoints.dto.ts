import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination/pagination';
import { DELIVERY_STATUSES, DeliveryStatus } from './webhook-delivery.entity';

/** `*`, or an event type such as `job.offered` (DESIGN §9 catalogue; new types need no API change). */
const EVENT_TYPE = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+)$/;
const EVENT_TYPE_MESSAGE = "each event type must look like 'job.offered', or be '*' for every event";

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://hooks.example.com/reclaim' })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ example: ['job.offered', 'job.accepted'], description: "Event types to receive, or ['*'] for all" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(EVENT_TYPE, { each: true, message: EVENT_TYPE_MESSAGE })
  event_types: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(EVENT_TYPE, { each: true, message: EVENT_TYPE_MESSAGE })
  event_types?: string[];

  @ApiPropertyOptional({ description: 'Enabling a disabled endpoint clears its failure record' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
