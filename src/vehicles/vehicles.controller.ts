import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ChangeVehicleStatusDto, CreateVehicleDto, UpdateVehicleDto, VehicleListQuery } from './dto/vehicle.dto';
import { VehiclesService } from './vehicles.service';

const WRITERS = ['owner', 'manager', 'agent'] as const;

/** Vehicles (DESIGN §4): the lender's collateral, scoped to its org (another org gets 404). */
@ApiTags('vehicles')
@ApiBearerAuth()
@Controller('vehicles')
export class VehiclesController {
  constructor(private readonly vehicles: VehiclesService) {}

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateVehicleDto) {
    return this.vehicles.create(principal, dto);
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: VehicleListQuery) {
    return this.vehicles.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.vehicles.get(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateVehicleDto) {
    return this.vehicles.update(principal, id, dto);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/status')
  @HttpCode(200)
  changeStatus(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ChangeVehicleStatusDto) {
    return this.vehicles.changeStatus(principal, id, dto.status, dto.reason);
  }
}
