import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiNoContent, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AwardService } from './award.service';
import { BidsService } from './bids.service';
import { AwardDto, CreateListingDto, ListingQuery, PlaceBidDto, UpdateListingDto } from './dto/listing.dto';
import { ListingsService } from './listings.service';
import { AwardSchema, BidListSchema, BidSchema, ListingSchema } from './marketplace.openapi';

const LENDER_WRITERS = ['owner', 'manager'] as const;
const PARTNER_WRITERS = ['owner', 'manager'] as const;

/** Listings, bids and award (DESIGN §5). */
@ApiTags('marketplace')
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
  @ApiSummary('Publish a listing', 'Cases (collection, skip trace) or a vehicle (repossession, transport) put out for bids (DESIGN §5).')
  @ApiAnswer(ListingSchema, { status: 201 })
  @ApiProblems(404)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateListingDto) {
    return this.listings.create(principal, dto);
  }

  /** A lender its own listings; a partner the open listings it is eligible for. */
  @Get()
  @ApiSummary('List listings', 'A lender its own; a partner the open listings it is eligible for.')
  @ApiPage(ListingSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListingQuery) {
    return this.listings.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a listing')
  @ApiAnswer(ListingSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.listings.get(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Patch(':id')
  @ApiSummary('Move a listing’s deadline')
  @ApiAnswer(ListingSchema)
  @ApiProblems(409, 422)
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateListingDto) {
    return this.listings.update(principal, id, dto);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiSummary('Cancel a listing', 'Live bids lapse; the cases return to new.')
  @ApiAnswer(ListingSchema)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.listings.cancel(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles(...PARTNER_WRITERS)
  @Post(':id/bids')
  @ApiSummary('Place a bid', 'Replaces the partner’s live bid on the listing; terms must be within the listing’s bounds.')
  @ApiAnswer(BidSchema, { status: 201 })
  placeBid(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: PlaceBidDto) {
    return this.bids.place(principal, id, dto);
  }

  @OrgKinds('agency', 'tow_operator')
  @Roles(...PARTNER_WRITERS)
  @Delete(':id/bids/mine')
  @HttpCode(204)
  @ApiSummary('Withdraw my bid')
  @ApiNoContent('Withdrawn')
  @ApiProblems(409)
  async withdrawBid(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.bids.withdraw(principal, id);
  }

  @Get(':id/bids')
  @ApiSummary('List the bids on a listing', 'The lender: every bid with its score; a partner: its own, and in open mode the best live terms.')
  @ApiAnswer(BidListSchema)
  listBids(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.bids.list(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post(':id/award')
  @HttpCode(200)
  @ApiSummary('Award a listing', 'By score (`auto`) or by the lender’s selection; creates the jobs (DESIGN §5).')
  @ApiAnswer(AwardSchema)
  award(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: AwardDto) {
    return this.awards.award(principal, id, dto);
  }
}
