import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { PickUpDto, ReleaseQuery } from './dto/invoice-payment.dto';
import { AuctionReleaseSchema } from './releases.openapi';
import { ReleasesService } from './releases.service';

/** Release from the yard (DESIGN §7 "Release"). */
@ApiTags('auctions')
@Controller('releases')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @OrgKinds('tow_operator', 'lender', 'buyer', 'platform')
  @Get()
  @ApiSummary('Release orders', 'The yard’s work list (the orders for vehicles it holds), a buyer’s releases (with its release codes), a lender’s; platform staff all. Filter by `status`.')
  @ApiPage(AuctionReleaseSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ReleaseQuery) {
    return this.releases.list(principal, query);
  }

  @OrgKinds('tow_operator', 'lender', 'buyer', 'platform')
  @Get(':id')
  @ApiSummary('Read a release order', 'With the storage accrued until now (or itemised at pick-up); the release code to the buyer only.')
  @ApiAnswer(AuctionReleaseSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.releases.get(principal, id);
  }

  @OrgKinds('tow_operator', 'lender')
  @Roles('owner', 'manager', 'agent')
  @Post(':id/pick-up')
  @HttpCode(200)
  @ApiSummary(
    'Confirm the buyer’s pick-up',
    'The org holding the vehicle types the release code the buyer shows: the vehicle and the lot become `released`, the storage until now is itemised (`auction.released`). A wrong code is refused (422 `release.wrong_code`) and counted; 409 once picked up.',
  )
  @ApiAnswer(AuctionReleaseSchema)
  @ApiProblems(404, 409, 422)
  pickUp(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: PickUpDto) {
    return this.releases.pickUp(principal, id, dto.release_code);
  }
}
