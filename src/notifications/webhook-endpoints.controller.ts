import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiNoContent, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { PageQuery } from '../common/pagination/pagination';
import { CurrentPrincipal, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { WebhookDeliverySchema, WebhookEndpointSchema, WebhookEndpointWithSecretSchema } from './notifications.openapi';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { CreateWebhookEndpointDto, DeliveriesQuery, UpdateWebhookEndpointDto } from './webhook-endpoints.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** An org's integrations are managed by its owners and managers (and platform admins for the platform org). */
@ApiTags('notifications')
@Roles('owner', 'manager', 'admin')
@Controller()
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post('webhook-endpoints')
  @ApiSummary('Register a webhook endpoint', 'The signing `secret` is in this answer only (docs/webhooks.md).')
  @ApiAnswer(WebhookEndpointWithSecretSchema, { status: 201 })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWebhookEndpointDto) {
    return this.endpoints.create(principal, dto);
  }

  @Get('webhook-endpoints')
  @ApiSummary('List webhook endpoints')
  @ApiPage(WebhookEndpointSchema)
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.endpoints.list(principal, query);
  }

  @Get('webhook-endpoints/:id')
  @ApiSummary('Read a webhook endpoint')
  @ApiAnswer(WebhookEndpointSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.get(principal, id);
  }

  @Patch('webhook-endpoints/:id')
  @ApiSummary('Change a webhook endpoint', 'URL, event types, enabled.')
  @ApiAnswer(WebhookEndpointSchema)
  @ApiProblems(422)
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateWebhookEndpointDto) {
    return this.endpoints.update(principal, id, dto);
  }

  @Delete('webhook-endpoints/:id')
  @HttpCode(204)
  @ApiSummary('Delete a webhook endpoint')
  @ApiNoContent('Deleted')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.endpoints.remove(principal, id);
  }

  @Post('webhook-endpoints/:id/rotate-secret')
  @HttpCode(200)
  @ApiSummary('Rotate the signing secret', 'The previous secret keeps signing for 24 h (previous_secret_expires_at).')
  @ApiAnswer(WebhookEndpointWithSecretSchema)
  rotateSecret(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.rotateSecret(principal, id);
  }

  @Get('webhook-endpoints/:id/deliveries')
  @ApiSummary('List an endpoint’s deliveries')
  @ApiPage(WebhookDeliverySchema)
  listDeliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: DeliveriesQuery) {
    return this.deliveries.list(principal, id, query);
  }

  @Get('webhook-deliveries/:id')
  @ApiSummary('Read a delivery', 'With every attempt.')
  @ApiAnswer(WebhookDeliverySchema)
  getDelivery(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.deliveries.get(principal, id);
  }

  @Post('webhook-deliveries/:id/replay')
  @HttpCode(202)
  @ApiSummary('Replay a delivery', 'Queued as a new attempt; answers the delivery.')
  @ApiAnswer(WebhookDeliverySchema, { status: 202, description: 'Queued' })
  replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.deliveries.replay(principal, id);
  }
}
