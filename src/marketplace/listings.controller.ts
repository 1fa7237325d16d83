import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AwardService } from './award.service';
import { BidsService } from './bids.service';
import { AwardDto, CreateListingDto, ListingQuery, PlaceBidDto, UpdateListingDto } from './dto/listing.dto';
import { ListingQueriesService } from './listing-queries.service';
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
    private readonly queries: ListingQueriesService,
    private readonly bids: BidsService,
    private readonly awards: AwardService,
  ) {}

  @ApiOperation({
    summary: 'Publish a listing, or store it as a draft',
    description: 'With `publish: false` the listing is stored as a `draft`: its cases stay on the book, no partner is told and no timer runs until it is published.',
  })
  @ApiCreatedResponse({ description: 'the listing (status `open`, `awarded` for direct and auto-assign listings, or `draft`)', schema: { type: 'object' } })
  @ApiBadRequestResponse({ description: 'validation.failed (problem+json)' })
  @ApiForbiddenResponse({ description: 'auth.wrong_org_kind / auth.insufficient_role' })
  @ApiNotFoundResponse({ description: 'fee_schedule.not_found, vehicle.not_found' })
  @ApiUnprocessableEntityResponse({ description: 'listing.invalid, listing.cases_not_listable, listing.partner_not_eligible, listing.no_eligible_partner' })
  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateListingDto) {
    return this.listings.create(principal, dto);
  }

  @ApiOperation({
    summary: 'List listings',
    description:
      'A lender: its own listings (drafts too). A partner: the open listings it may bid on now, `limit` of them whenever that many exist. Platform staff: all. Any other organisation (a buyer): an empty page.',
  })
  @ApiOkResponse({ description: '{ data, next_cursor }', schema: { type: 'object', properties: { data: { type: 'array', items: { type: 'object' } }, next_cursor: { type: 'string', nullable: true } } } })
  @ApiBadRequestResponse({ description: 'validation.failed (problem+json)' })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListingQuery) {
    return this.queries.list(principal, query);
  }

  @ApiOperation({ summary: 'Read a listing', description: 'Its lender, an eligible partner (or one that bid or holds a job on it) and platform staff read it; for anyone else it does not exist (404).' })
  @ApiOkResponse({ description: 'the listing', schema: { type: 'object' } })
  @ApiNotFoundResponse({ description: 'listing.not_found (problem+json)' })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.queries.get(principal, id);
  }

  @ApiOperation({
    summary: 'Edit a draft, or move the deadline of an open listing',
    description: 'A draft: any field of the body, checked as a whole like a new listing. An open sealed/open listing: `deadline` only (its award timer moves with it).',
  })
  @ApiOkResponse({ description: 'the listing', schema: { type: 'object' } })
  @ApiBadRequestResponse({ description: 'validation.failed (problem+json)' })
  @ApiForbiddenResponse({ description: 'auth.wrong_org_kind / auth.insufficient_role' })
  @ApiNotFoundResponse({ description: 'listing.not_found' })
  @ApiConflictResponse({ description: 'listing.not_draft: a published listing changes its deadline only' })
  @ApiUnprocessableEntityResponse({ description: 'listing.invalid, listing.cases_not_listable' })
  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateListingDto) {
    return this.listings.update(principal, id, dto);
  }

  @ApiOperation({
    summary: 'Publish a draft',
    description: 'draft → open: the terms are checked again as of now, the cases are listed, eligible partners are told (`listing.published`) and the award deadline (or, for direct and auto-assign listings, the offer) is set.',
  })
  @ApiOkResponse({ description: 'the published listing', schema: { type: 'object' } })
  @ApiForbiddenResponse({ description: 'auth.wrong_org_kind / auth.insufficient_role' })
  @ApiNotFoundResponse({ description: 'listing.not_found' })
  @ApiConflictResponse({ description: 'listing.illegal_transition (the listing is not a draft), listing.draft_changed' })
  @ApiUnprocessableEntityResponse({ description: 'listing.invalid (e.g. the deadline has passed), listing.cases_not_listable, listing.partner_not_eligible' })
  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post(':id/publish')
  @HttpCode(200)
  publish(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.listings.publish(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...LENDER_WRITERS)
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.listings.cancel(principal, id);
  }

  @ApiOperation({ summary: 'Bid on a listing', description: 'A listing the partner cannot know of (a draft, another lender’s direct listing, a closed one it took no part in) is 404, like an unknown id.' })
  @ApiCreatedResponse({ description: 'the bid', schema: { type: 'object' } })
  @ApiNotFoundResponse({ description: 'listing.not_found' })
  @ApiConflictResponse({ description: 'listing.not_open, listing.bidding_closed' })
  @ApiUnprocessableEntityResponse({ description: 'bid.partner_not_eligible, bid.invalid_terms, listing.not_biddable' })
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
