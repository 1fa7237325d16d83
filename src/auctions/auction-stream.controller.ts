import { CanActivate, Controller, createParamDecorator, ExecutionContext, Injectable, Sse, UseGuards } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { validationFailed } from '../common/problem/problem';
import { AuthenticatedRequest, CurrentPrincipal, OrgKinds, principalOf } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AuctionStream } from './auction-stream.service';
import { AUCTION_STREAM_DESCRIPTION, AuctionStreamEventSchema } from './auction-stream.openapi';
import { AuctionsService } from './auctions.service';

interface StreamStart {
  readonly lotId: string;
  readonly after: number | null;
}

interface StreamRequest extends AuthenticatedRequest {
  streamFrom?: StreamStart;
}

/** Where `LotStreamGuard` found the stream starts. */
const StreamFrom = createParamDecorator((_: unknown, ctx: ExecutionContext): StreamStart => ctx.switchToHttp().getRequest<StreamRequest>().streamFrom!);

/**
 * Decides whether the caller may follow the lot before the handler runs: once an `@Sse()` route
 * has started, its 200 and headers are out (Nest commits them on the next tick), so a refusal must
 * come from a guard to be answered as problem+json.
 */
@Injectable()
export class LotStreamGuard implements CanActivate {
  constructor(private readonly lots: AuctionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StreamRequest & { params: { id: string } }>();
    const header = request.headers['last-event-id'];
    const raw = Array.isArray(header) ? header[0] : header;
    const after = raw === undefined || raw === '' ? null : Number(raw);
    if (after !== null && !(Number.isSafeInteger(after) && after >= 0)) throw validationFailed([{ field: 'Last-Event-ID', message: 'must be the id of an event of this stream' }]);
    const lot = await this.lots.readable(principalOf(request), request.params.id);
    request.streamFrom = { lotId: lot.id, after };
    return true;
  }
}

/** Live lot updates over server-sent events (DESIGN §7, §11). */
@ApiTags('auctions')
@Controller('auctions')
export class AuctionStreamController {
  constructor(private readonly stream: AuctionStream) {}

  @OrgKinds('lender', 'buyer', 'platform')
  @UseGuards(LotStreamGuard)
  @Sse(':id/stream')
  @ApiSummary('Follow a lot live (server-sent events)', AUCTION_STREAM_DESCRIPTION)
  @ApiParam({ name: 'id', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiHeader({ name: 'last-event-id', required: false, description: 'The id of the last event received: the events after it are replayed first, then live ones.' })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'An event stream (`text/event-stream`) that stays open', content: { 'text/event-stream': { schema: AuctionStreamEventSchema } } })
  @ApiProblems(400, 404)
  follow(@CurrentPrincipal() principal: Principal, @StreamFrom() from: StreamStart): Observable<MessageEvent> {
    return this.stream.events(from.lotId, principal.orgId, from.after);
  }
}
