import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ChangeVehicleStatusDto, CreateVehicleDto, UpdateVehicleDto, VehicleListQuery } from './dto/vehicle.dto';
import { VehicleSchema } from './vehicles.openapi';
import { VehiclesService } from './vehicles.service';

const WRITERS = ['owner', 'manager', 'agent'] as const;

/** Vehicles (DESIGN §4): the lender's collateral, scoped to its org (another org gets 404). */
@ApiTags('vehicles')
@Controller('vehicles')
export class VehiclesController {
  constructor(private readonly vehicles: VehiclesService) {}

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post()
  @ApiSummary('Register a vehicle', 'A VIN already registered by the lender is 409.')
  @ApiAnswer(VehicleSchema, { status: 201 })
  @ApiProblems(404)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateVehicleDto) {
    return this.vehicles.create(principal, dto);
  }

  @Get()
  @ApiSummary('List vehicles')
  @ApiPage(VehicleSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: VehicleListQuery) {
    return this.vehicles.list(principal, query);
  }

  @Get(':id')
  @ApiSummary('Read a vehicle')
  @ApiAnswer(VehicleSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.vehicles.get(principal, id);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Patch(':id')
  @ApiSummary('Correct a vehicle', 'Everything but the VIN may change.')
  @ApiAnswer(VehicleSchema)
  @ApiProblems(409, 422)
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateVehicleDto) {
    return this.vehicles.update(principal, id, dto);
  }

  @OrgKinds('lender')
  @Roles(...WRITERS)
  @Post(':id/status')
  @HttpCode(200)
  @ApiSummary('Move a vehicle to another status', 'Only the moves in allowed_transitions (DESIGN §4).')
  @ApiAnswer(VehicleSchema)
  changeStatus(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ChangeVehicleStatusDto) {
    return this.vehicles.changeStatus(principal, id, dto.status, dto.reason);
  }
}
