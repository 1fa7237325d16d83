import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendsDocument } from '../common/storage/download';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AuctionBiddingService } from './auction-bidding.service';
import { AuctionBidAnswerSchema, AuctionDepositSchema, AuctionInvoiceSchema, AuctionLotSchema } from './auctions.openapi';
import { InvoicesService } from './invoices.service';
import { AuctionsService } from './auctions.service';
import { DepositsService } from './deposits.service';
import { AuctionQuery, CancelAuctionDto, CreateAuctionDto, CreateDepositDto, PlaceAuctionBidDto } from './dto/auction.dto';
import { PageQuery } from '../common/pagination/pagination';

const WRITERS = ['owner', 'manager'] as const;
const BIDDERS = ['owner', 'manager', 'agent'] as const;

/** Vehicle auctions (DESIGN §7, §11). */
@ApiTags('auctions')
@Controller('auctions')
export class AuctionsController {
  constructor(
    private readonly lots: AuctionsService,
    private readonly bidding: AuctionBiddingService,
  ) {}

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post()
  @ApiSummary(
    'List a vehicle in storage as a draft lot',
    'Start price, hidden reserve, optional buy-now, increment table (default DESIGN §7), start and end, anti-sniping (default 2 min window / 2 min extension), deposit required, buyer premium (bps with min and max) and the pick-up location. The vehicle must be `in_storage` and have no other lot that is not over.',
  )
  @ApiAnswer(AuctionLotSchema, { status: 201 })
  @ApiProblems(409, 422)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateAuctionDto) {
    return this.lots.create(principal, dto);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/schedule')
  @HttpCode(200)
  @ApiSummary('Schedule a draft lot', 'draft → scheduled: the vehicle becomes `listed`; the lot goes live at `starts_at` and closes at `ends_at` (both timers, with a sweep as safety net).')
  @ApiAnswer(AuctionLotSchema)
  @ApiProblems(404, 409, 422)
  schedule(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.lots.schedule(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiSummary('Cancel a lot', 'A draft, scheduled or live lot → cancelled (e.g. the borrower redeemed): the vehicle goes back to storage, every deposit hold is released, bidders are told (`auction.cancelled`). A closed lot cannot be cancelled (409).')
  @ApiAnswer(AuctionLotSchema)
  @ApiProblems(404, 409)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CancelAuctionDto) {
    return this.lots.cancel(principal, id, dto.reason.trim());
  }

  @OrgKinds('lender', 'buyer', 'platform')
  @Get()
  @ApiSummary(
    'List lots',
    'A verified buyer: the catalogue (scheduled, live and closed lots), with its own standing; an unverified buyer is refused (403 `auction.buyer_not_verified`). A lender: its own lots, drafts too. Platform staff: all. The reserve itself is shown to its lender only.',
  )
  @ApiPage(AuctionLotSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: AuctionQuery) {
    return this.lots.list(principal, query);
  }

  @OrgKinds('lender', 'buyer', 'platform')
  @Get(':id')
  @ApiSummary('Read a lot', 'Current price, bid count, time left, whether the reserve is met (never the reserve to a buyer), the least maximum the caller may bid and the caller’s own standing.')
  @ApiAnswer(AuctionLotSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.lots.get(principal, id);
  }

  @OrgKinds('lender', 'buyer', 'platform')
  @Get(':id/photos/:photoId')
  @ApiSummary('Download a photo of a lot', 'A vehicle photo from the tow operator’s recovery report, to whoever may read the lot (verified buyers, its lender, platform staff); anyone else, or a photo the lot does not show: 404.')
  @ApiResponse({
    status: 200,
    description: 'The photo as uploaded from the field; X-Checksum-SHA256 carries its digest',
    content: Object.fromEntries(['image/jpeg', 'image/png', 'image/heic'].map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiProblems(403, 404)
  async photo(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('photoId') photoId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { row, data } = await this.lots.photo(principal, id, photoId);
    sendsDocument(reply, row);
    return data;
  }

  @OrgKinds('buyer')
  @Roles(...BIDDERS)
  @Post(':id/bids')
  @ApiSummary(
    'Place a proxy bid',
    'Your maximum: the first at least the start price, later ones at least the current price plus its bracket’s increment (else 422 `auction.bid_too_low` with `minimum_amount`). The system bids for you up to it; a bid in the last anti-sniping window moves the end. Decided one at a time per lot, under the lot’s lock.',
  )
  @ApiAnswer(AuctionBidAnswerSchema, { status: 201 })
  @ApiProblems(404, 409, 422)
  bid(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: PlaceAuctionBidDto) {
    return this.bidding.bid(principal, id, dto);
  }

  @OrgKinds('buyer')
  @Roles(...BIDDERS)
  @Post(':id/buy-now')
  @HttpCode(200)
  @ApiSummary('Buy now', 'Closes the lot at once at the buy-now price, while the current price is below it; exactly one buyer gets it.')
  @ApiAnswer(AuctionBidAnswerSchema)
  @ApiProblems(404, 409)
  buyNow(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.bidding.buyNow(principal, id);
  }
}

/** Buyers' deposit holds and auction invoices (DESIGN §7). */
@ApiTags('auctions')
@Controller()
export class DepositsController {
  constructor(
    private readonly deposits: DepositsService,
    private readonly invoices: InvoicesService,
  ) {}

  @OrgKinds('buyer')
  @Roles(...BIDDERS)
  @Post('deposits')
  @ApiSummary(
    'Place a deposit hold, on a lot or standing',
    'A Stripe payment intent with manual capture, authorised on the given payment method; it covers maxima up to ten times itself (the deposit is 10 % of the bid). With `lot_id`: for the lot’s `deposit_required` (or more), released at close unless you win. Without: a standing hold of `amount` covering your bids on any lot in its currency, pooled: your leading maxima and unpaid won lots elsewhere count against it (docs/auctions.md). One standing hold per currency (409 `deposit.standing_exists`); it lapses at Stripe 7 days after (`expires_at`) and covers nothing after that.',
  )
  @ApiAnswer(AuctionDepositSchema, { status: 201 })
  @ApiProblems(404, 409, 422)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateDepositDto) {
    return this.deposits.create(principal, dto);
  }

  @OrgKinds('buyer')
  @Roles(...BIDDERS)
  @Post('deposits/:id/release')
  @HttpCode(200)
  @ApiSummary(
    'Release a standing deposit',
    'Lets your standing hold go (cancelled at Stripe): refused (409 `deposit.covers_open_bids`, with the exposure and the lots) while it answers for a leading bid or a won, unpaid lot your credit line does not cover alone. A lapsed hold is always released. A deposit on a lot is released at its close (409 `deposit.on_lot`).',
  )
  @ApiAnswer(AuctionDepositSchema)
  @ApiProblems(404, 409)
  release(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.deposits.release(principal, id);
  }

  @OrgKinds('buyer')
  @Get('me/deposits')
  @ApiSummary('My deposit holds', 'Every deposit hold of the buyer, on lots and standing (`kind`), newest first, with what it covers, when a standing hold lapses and whether it is held, released, kept for the invoice or forfeited.')
  @ApiPage(AuctionDepositSchema)
  mine(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.deposits.mine(principal, query);
  }

  @OrgKinds('buyer', 'lender', 'platform')
  @Get('invoices')
  @ApiSummary('Auction invoices', 'A buyer: the invoices of the lots it won (hammer + buyer premium, the deposit applied, due in 2 business days). A lender: those of its lots. Platform staff: all.')
  @ApiPage(AuctionInvoiceSchema)
  invoicesList(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.invoices.list(principal, query);
  }
}
