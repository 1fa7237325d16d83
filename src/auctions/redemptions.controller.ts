import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { RedeemVehicleDto } from './dto/redemption.dto';
import { RedemptionSchema } from './redemptions.openapi';
import { RedemptionsService } from './redemptions.service';

/** Redemption of a repossessed vehicle before its sale is final (DESIGN §7, UCC §9-623). */
@ApiTags('auctions')
@Controller('vehicles')
export class RedemptionsController {
  constructor(private readonly redemptions: RedemptionsService) {}

  @OrgKinds('lender')
  @Roles('owner', 'manager')
  @Post(':id/redeem')
  @HttpCode(200)
  @ApiSummary(
    'Record that the borrower redeemed the vehicle',
    'UCC §9-623: the borrower paid the case’s total due plus the expenses so far (those given, or the latest sale notice’s). Until the sale is final: the vehicle’s lot (draft, scheduled or live) is cancelled, every deposit hold released, bidders told (`auction.cancelled`, `vehicle.redeemed`) and the vehicle becomes `redeemed`. Once the lot has closed with a winner the sale is final (409 `redemption.sale_final`); less than required is 422 `redemption.amount_short` with the amount.',
  )
  @ApiAnswer(RedemptionSchema)
  @ApiProblems(404, 409, 422)
  redeem(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: RedeemVehicleDto) {
    return this.redemptions.redeem(principal, id, dto);
  }
}
