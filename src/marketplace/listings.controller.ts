import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiNoContent, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AwardService } from './award.service';
import { BidsService } from './bids.service';
import { AwardDto, CreateListingDto, ListingQuery, PlaceBidDto, UpdateListingDto } from './dto/listing.dto';
import { ListingQueriesService } from './listing-queries.service';
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
    private readonly queries: ListingQueriesService,
    private readonly bids: BidsService,
    private readonly awards: AwardService,
  ) {}

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post()
  @ApiSummary(
    'Publish a listing, or store it as a draft',
    'Cases (collection, skip trace) or a vehicle (repossession, transport) put out for bids (DESIGN §5). With `publish: false` the listing is stored as a `draft`: its cases stay on the book, no partner is told and no timer runs until it is published.',
  )
  @ApiAnswer(ListingSchema, { status: 201 })
  @ApiProblems(404, 422)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateListingDto) {
    return this.listings.create(principal, dto);
  }

  @Get()
  @ApiSummary(
    'List listings',
    'A lender: its own listings (drafts too). A partner: the open listings it may bid on now, `limit` of them whenever that many exist. Platform staff: all. Any other organisation (a buyer): an empty page.',
  )
  @ApiPage(ListingSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListingQuery) {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a listing', 'Its lender, an eligible partner (or one that bid or holds a job on it) and platform staff read it; for anyone else it does not exist (404).')
  @ApiAnswer(ListingSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.queries.get(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Patch(':id')
  @ApiSummary(
    'Edit a draft, or move the deadline of an open listing',
    'A draft: any field of the body, checked as a whole like a new listing. An open sealed/open listing: `deadline` only (its award timer moves with it); other fields answer 409 `listing.not_draft`.',
  )
  @ApiAnswer(ListingSchema)
  @ApiProblems(409, 422)
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateListingDto) {
    return this.listings.update(principal, id, dto);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post(':id/publish')
  @HttpCode(200)
  @ApiSummary(
    'Publish a draft',
    'draft → open: the terms are checked again as of now, the cases are listed, eligible partners are told (`listing.published`) and the award deadline (or, for direct and auto-assign listings, the offer) is set.',
  )
  @ApiAnswer(ListingSchema)
  @ApiProblems(409, 422)
  publish(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.listings.publish(principal, id);
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
  @ApiSummary(
    'Place a bid',
    'Replaces the partner’s live bid on the listing; terms must be within the listing’s bounds. A listing the partner cannot know of (a draft, another lender’s direct listing, a closed one it took no part in) is 404, like an unknown id.',
  )
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
