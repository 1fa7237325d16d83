import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AwardService } from './award.service';
import { BidsService } from './bids.service';
import { AwardDto, CreateListingDto, ListingQuery, PlaceBidDto, UpdateListingDto } from './dto/listing.dto';
import { ListingsService } from './listings.service';

const LENDER_WRITERS = ['owner', 'manager'] as const;
const PARTNER_WRITERS = ['owner', 'manager'] as const;

/** Listings, bids and award (DESIGN §5). */
@ApiTags('marketplace')
@ApiBearerAuth()
@Controller('listings')
export class ListingsController {
  constructor(
    private readonly listings: ListingsService,
    private readonly bids: BidsService,
    private readonly awards: AwardService,
  ) {}

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateListingDto) {
    return this.listings.create(principal, dto);
  }

  /** A lender its own listings; a partner the open listings it is eligible for. */
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListingQuery) {
    return this.listings.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.listings.get(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateListingDto) {
    return this.listings.update(principal, id, dto);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.listings.cancel(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles(...PARTNER_WRITERS)
  @Post(':id/bids')
  placeBid(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: PlaceBidDto) {
    return this.bids.place(principal, id, dto);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles(...PARTNER_WRITERS)
  @Delete(':id/bids/mine')
  @HttpCode(204)
  async withdrawBid(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.bids.withdraw(principal, id);
  }

  @Get(':id/bids')
  listBids(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.bids.list(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post(':id/award')
  @HttpCode(200)
  award(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: AwardDto) {
    return this.awards.award(principal, id, dto);
  }
}
