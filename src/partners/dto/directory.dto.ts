import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { REGION_CODE } from '../../common/validation/region';
import { PARTNER_STATUSES, PartnerStatus } from '../domain/partner-status';
import { CAPABILITIES, Capability } from '../domain/eligibility';
import { IsCalendarDate } from '../../common/validation/calendar-date.validator';

const REGION_MESSAGE = 'region must be an ISO 3166-2 code such as US-TX or a country code such as US';
const DATE_MESSAGE = 'on must be a date YYYY-MM-DD';

export class DirectoryQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: CAPABILITIES })
  @IsOptional()
  @IsIn(CAPABILITIES, { message: `capability must be one of ${CAPABILITIES.join(', ')}` })
  capability?: Capability;

  @ApiPropertyOptional({ example: 'US-TX' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  region?: string;
}

export class AdminPartnersQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: PARTNER_STATUSES })
  @IsOptional()
  @IsIn(PARTNER_STATUSES)
  status?: PartnerStatus;
}

export class EligibilityQueryDto {
  @ApiPropertyOptional({ enum: CAPABILITIES })
  @IsIn(CAPABILITIES, { message: `capability must be one of ${CAPABILITIES.join(', ')}` })
  capability: Capability;

  @ApiPropertyOptional({ example: 'US-TX' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  region: string;

  @ApiPropertyOptional({ example: '2025-06-15', description: 'defaults to today' })
  @IsOptional()
  @IsCalendarDate({ message: DATE_MESSAGE })
  on?: string;
}
