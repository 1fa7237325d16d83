import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { InboxQuery } from './inbox.dto';
import { InboxService } from './inbox.service';
import { MarkedReadSchema, NotificationSchema } from './notifications.openapi';

/** The caller's own inbox: every signed-in person has one, whatever their role. */
@ApiTags('notifications')
// An inbox belongs to a person: an API key is refused (403).
@ApiProblems(403)
@Controller('notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiSummary('List my notifications', 'Unread first, newest first.')
  @ApiPage(NotificationSchema, { description: 'One page, unread first', extra: { unread_count: { type: 'integer', description: 'unread notifications in all' } } })
  list(@CurrentPrincipal() principal: Principal, @Query() query: InboxQuery) {
    return this.inbox.list(principal, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiSummary('Mark all my notifications read')
  @ApiAnswer(MarkedReadSchema)
  readAll(@CurrentPrincipal() principal: Principal) {
    return this.inbox.markAllRead(principal);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiSummary('Mark a notification read')
  @ApiAnswer(NotificationSchema)
  read(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.inbox.markRead(principal, id);
  }
}
