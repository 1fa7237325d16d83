import { Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { QueueDashboardTicketSchema } from './notifications.openapi';
import { QueueDashboardTickets } from './queue-dashboard-tickets.service';

@ApiTags('notifications')
@Controller('admin/queue-dashboard')
export class QueueDashboardTicketsController {
  constructor(private readonly tickets: QueueDashboardTickets) {}

  @OrgKinds('platform')
  @Roles('admin')
  @Post('tickets')
  @ApiSummary(
    'A ticket into the queue dashboard',
    'For a platform admin signed in (not an API key): a one-time ticket, valid for 60 s, that the console posts to `/admin/queues/session` (form field `ticket`); the dashboard answers an HttpOnly, SameSite=Strict session cookie for `/admin/queues` that lasts as long as an access token. A browser navigation cannot carry the bearer header.',
  )
  @ApiAnswer(QueueDashboardTicketSchema, { status: 201 })
  issue(@CurrentPrincipal() principal: Principal) {
    return this.tickets.issue(principal);
  }
}
