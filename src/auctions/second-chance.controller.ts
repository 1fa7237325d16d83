import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AcceptSecondChanceDto, SecondChanceQuery } from './dto/second-chance.dto';
import { NoSaleService } from './no-sale.service';
import { HighBidAcceptanceSchema, SecondChanceAcceptanceSchema, SecondChanceOfferSchema } from './second-chance.openapi';
import { SecondChanceService } from './second-chance.service';

const BUYERS = ['owner', 'manager', 'agent'] as const;
const WRITERS = ['owner', 'manager'] as const;

/** When the winner does not pay (issue 15): second-chance offers to the next bidders. */
@ApiTags('auctions')
@Controller('second-chance-offers')
export class SecondChanceController {
  constructor(private readonly offers: SecondChanceService) {}

  @OrgKinds('buyer', 'lender', 'platform')
  @Get()
  @ApiSummary(
    'Second-chance offers',
    'A buyer: the lots offered to it after their winner did not pay, at its own maximum, each open for 24 h. A lender: the offers made on its lots. Platform staff: all. Newest first; `status` and `lot_id` filter.',
  )
  @ApiPage(SecondChanceOfferSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: SecondChanceQuery) {
    return this.offers.list(principal, query);
  }

  @OrgKinds('buyer')
  @Roles(...BUYERS)
  @Post(':id/accept')
  @HttpCode(200)
  @ApiSummary(
    'Accept a second-chance offer',
    'Buys the lot at the offer price: an invoice (price + buyer premium per the lot’s fee schedule, due in 2 business days). A lot with a deposit needs a hold covering the price (`deposit_required`, the bidding deposit-cover rule): send `payment_method` and it is authorised at Stripe and applied to the invoice. Refused once the offer is answered (409 `second_chance.not_open`) or lapsed (409 `second_chance.expired`).',
  )
  @ApiAnswer(SecondChanceAcceptanceSchema)
  @ApiProblems(404, 409, 422)
  accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: AcceptSecondChanceDto) {
    return this.offers.accept(principal, id, dto);
  }

  @OrgKinds('buyer')
  @Roles(...BUYERS)
  @Post(':id/decline')
  @HttpCode(200)
  @ApiSummary('Decline a second-chance offer', 'The next bidder by maximum is offered the lot; when nobody is left the lot goes back to its lender.')
  @ApiAnswer(SecondChanceOfferSchema)
  @ApiProblems(404, 409)
  decline(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.offers.decline(principal, id);
  }
}

/** A lot that closed below its reserve (DESIGN §7 `no_sale`). */
@ApiTags('auctions')
@Controller('auctions')
export class NoSaleController {
  constructor(private readonly noSale: NoSaleService) {}

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/accept-high-bid')
  @HttpCode(200)
  @ApiSummary(
    'Accept the high bid of a lot that did not meet its reserve',
    'Within 24 h of the close: the lot is sold to the high bidder at the current price and they are invoiced (buyer premium per the lot, due in 2 business days). After that 422 `auction.high_bid_window_passed` with the `deadline`; relist the vehicle instead (`POST /v1/auctions`). 409 when the lot is not `no_sale`, had no bid, or its vehicle was relisted.',
  )
  @ApiAnswer(HighBidAcceptanceSchema)
  @ApiProblems(404, 409, 422)
  acceptHighBid(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.noSale.acceptHighBid(principal, id);
  }
}
