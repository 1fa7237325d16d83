import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { CreateWebhookEndpointDto, DeliveriesQuery, UpdateWebhookEndpointDto } from './webhook-endpoints.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** An org's integrations are managed by its owners and managers (and platform admins for the platform org). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('owner', 'manager', 'admin')
@Controller()
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post('webhook-endpoints')
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWebhookEndpointDto) {
    return this.endpoints.create(principal, dto);
  }

  @Get('webhook-endpoints')
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.endpoints.list(principal, query);
  }

  @Get('webhook-endpoints/:id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.get(principal, id);
  }

  @Patch('webhook-endpoints/:id')
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateWebhookEndpointDto) {
    return this.endpoints.update(principal, id, dto);
  }

  @Delete('webhook-endpoints/:id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.endpoints.remove(principal, id);
  }

  @Post('webhook-endpoints/:id/rotate-secret')
  @HttpCode(200)
  rotateSecret(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.rotateSecret(principal, id);
  }

  @Get('webhook-endpoints/:id/deliveries')
  listDeliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: DeliveriesQuery) {
    return this.deliveries.list(principal, id, query);
  }

  @Get('webhook-deliveries/:id')
  getDelivery(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.deliveries.get(principal, id);
  }

  @Post('webhook-deliveries/:id/replay')
  @HttpCode(202)
  replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.deliveries.replay(principal, id);
  }
}
