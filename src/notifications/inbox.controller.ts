import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { InboxQuery } from './inbox.dto';
import { InboxService } from './inbox.service';

/** The caller's own inbox: every signed-in person has one, whatever their role. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: InboxQuery) {
    return this.inbox.list(principal, query);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentPrincipal() principal: Principal) {
    return this.inbox.markAllRead(principal);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.inbox.markRead(principal, id);
  }
}
