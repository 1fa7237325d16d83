import { dateTime, defineSchema, enumOf, integer, MoneySchema, nullable, objectOf, uuid } from '../common/openapi/schema';
import { AuctionInvoiceSchema, AuctionLotSchema } from './auctions.openapi';
import { SECOND_CHANCE_STATUSES } from './second-chance-offer.entity';

/** The shapes of `second-chance.presenter.ts` (issue 15). */
export const SecondChanceOfferSchema = defineSchema(
  'SecondChanceOffer',
  objectOf({
    id: uuid,
    lot_id: uuid,
    lender_org_id: uuid,
    buyer_org_id: uuid,
    rank: integer,
    price: MoneySchema,
    deposit_required: MoneySchema,
    status: enumOf(SECOND_CHANCE_STATUSES),
    offered_at: dateTime,
    expires_at: dateTime,
    time_left_seconds: nullable(integer),
    decided_at: nullable(dateTime),
    invoice_id: nullable(uuid),
  }),
);

export const SecondChanceAcceptanceSchema = defineSchema('SecondChanceAcceptance', objectOf({ offer: SecondChanceOfferSchema, invoice: AuctionInvoiceSchema }));

export const HighBidAcceptanceSchema = defineSchema('HighBidAcceptance', objectOf({ lot: AuctionLotSchema, invoice: AuctionInvoiceSchema }));
