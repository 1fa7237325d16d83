import { boolean, dateTime, defineSchema, enumOf, integer, MoneySchema, nullable, objectOf, uuid } from '../common/openapi/schema';
import { LOT_STATUSES } from './domain/lot-status';

/** The `data` of each event of `GET /v1/auctions/:id/stream` (`auction-stream.presenter.ts`). */
export const AuctionStreamEventSchema = defineSchema(
  'AuctionStreamEvent',
  objectOf({
    seq: integer,
    lot_id: uuid,
    status: enumOf(LOT_STATUSES),
    current_price: nullable(MoneySchema),
    bid_count: integer,
    leader: nullable(objectOf({ bidder: integer, you: boolean })),
    ends_at: dateTime,
    reserve_met: boolean,
    buy_now_available: boolean,
  }),
);

export const AUCTION_STREAM_DESCRIPTION = [
  'Server-sent events of one lot, open until the client leaves. Each event is `event: snapshot|bid|status`, `id: <seq>` and `data:` the lot’s public state as JSON (the schema below):',
  'the price, the bid count, the leader as an anonymous bidder number (`you: true` when it is the caller), the end (moved by anti-sniping), whether the reserve is met and the status.',
  'Without `Last-Event-ID` the stream starts with a `snapshot` of the lot now; with it, the events after that id are replayed first, so a reconnecting client misses nothing, whichever API process serves it.',
  'Ids increase by one per change of the lot. A comment line (`: heartbeat`) comes every 15 s. The same visibility as `GET /v1/auctions/:id` (verified buyers, the lot’s lender, platform staff).',
].join(' ');
