import { arrayOf, boolean, calendarDate, dateTime, defineSchema, described, enumOf, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { INVOICE_STATUSES } from './auction-lot.entity';
import { LOT_STATUSES } from './domain/lot-status';

/** The shapes of `auctions.presenter.ts` (DESIGN §7). */
export const AuctionLotSchema = defineSchema(
  'AuctionLot',
  objectOf({
    id: uuid,
    lender_org_id: uuid,
    status: enumOf(LOT_STATUSES),
    vehicle: objectOf({ id: uuid, vin: text, make: nullable(text), model: nullable(text), year: nullable(integer), odometer: nullable(integer), title_status: nullable(text) }),
    region: { type: 'string', example: 'US-CA' },
    pickup_location: objectOf({ name: text, address: text, region: text }),
    currency: { type: 'string', example: 'USD' },
    start_price: MoneySchema,
    reserve_price: nullable(MoneySchema),
    seller_fees: nullable(arrayOf(objectOf({ label: text, amount: MoneySchema }))),
    has_reserve: boolean,
    reserve_met: boolean,
    buy_now_price: nullable(MoneySchema),
    buy_now_available: boolean,
    increment_table: arrayOf(objectOf({ below: nullable(integer), increment: integer })),
    deposit_required: MoneySchema,
    buyer_premium: objectOf({ bps: integer, min: MoneySchema, max: nullable(MoneySchema) }),
    anti_sniping: objectOf({ window_seconds: integer, extension_seconds: integer }),
    starts_at: dateTime,
    ends_at: dateTime,
    scheduled_ends_at: dateTime,
    time_left_seconds: nullable(integer),
    current_price: nullable(MoneySchema),
    bid_count: integer,
    minimum_bid: nullable(MoneySchema),
    my_standing: nullable(
      objectOf({
        leading: boolean,
        your_max: nullable(MoneySchema),
        cover: nullable(
          objectOf(
            { sources: arrayOf(enumOf(['lot_deposit', 'standing_deposit', 'credit_line'])), up_to: MoneySchema },
            { description: 'What covers your bids here and the highest maximum it reaches now (your standing deposit and credit line less what they answer for on other lots); null when the lot needs no deposit.' },
          ),
        ),
      }),
    ),
    sold_by: nullable(enumOf(['auction', 'buy_now'])),
    hammer_price: nullable(MoneySchema),
    closed_at: nullable(dateTime),
    created_at: dateTime,
    condition_report: nullable(
      objectOf(
        {
          recovered_at: nullable(dateTime),
          notes: nullable(text),
          odometer: nullable(integer),
          keys_recovered: nullable(boolean),
          lender_note: nullable(text),
        },
        { description: 'the tow operator’s recovery report (`vehicle_recovered`) as it stood when the lot was created, and the lender’s note; null when there was neither' },
      ),
    ),
    photos: arrayOf(
      objectOf({ id: uuid, url: { type: 'string', example: '/v1/auctions/{id}/photos/{photoId}' }, content_type: { type: 'string', example: 'image/jpeg', description: 'image/jpeg, image/png or image/heic, by the bytes' }, taken_at: described(dateTime, 'when the photo came in from the field') }),
      'the vehicle photos of the recovery report (not the personal-effect photos)',
    ),
  }),
);

export const AuctionBidAnswerSchema = defineSchema(
  'AuctionBidAnswer',
  objectOf({
    bid_id: uuid,
    leading: boolean,
    current_price: MoneySchema,
    your_max: MoneySchema,
    ends_at: dateTime,
    reserve_met: boolean,
    bid_count: integer,
    status: enumOf(LOT_STATUSES),
  }),
);

export const AuctionDepositSchema = defineSchema(
  'AuctionDeposit',
  objectOf({
    id: uuid,
    lot_id: nullable(uuid),
    kind: enumOf(['lot', 'standing']),
    amount: MoneySchema,
    covers_up_to: MoneySchema,
    status: enumOf(['authorised', 'released', 'held_for_invoice', 'applied', 'forfeited']),
    payment_intent_id: text,
    created_at: dateTime,
    released_at: nullable(dateTime),
    expires_at: nullable(dateTime),
    captured: nullable(MoneySchema),
    captured_at: nullable(dateTime),
  }),
);

export const CreditLineSchema = defineSchema(
  'AuctionCreditLine',
  objectOf({
    buyer_org_id: uuid,
    limit: MoneySchema,
    status: enumOf(['active', 'suspended']),
    reason: text,
    exposure: MoneySchema,
    created_at: dateTime,
    updated_at: dateTime,
    suspended_at: nullable(dateTime),
    suspended_reason: nullable(text),
  }),
);

/** An invoice's fields, shared by the list and the invoice's own view (`invoices.openapi.ts`). */
export const AUCTION_INVOICE_PROPERTIES = {
  id: uuid,
  lot_id: uuid,
  buyer_org_id: uuid,
  lender_org_id: uuid,
  hammer_price: MoneySchema,
  buyer_premium: MoneySchema,
  total: MoneySchema,
  deposit_applied: MoneySchema,
  balance_due: MoneySchema,
  due_on: calendarDate,
  status: enumOf(INVOICE_STATUSES),
  created_at: dateTime,
  paid_at: nullable(dateTime),
  paid_via: nullable(enumOf(['stripe', 'bank_transfer'])),
  payment_intent_id: nullable(text),
  transfer_reference: nullable(text),
};

export const AuctionInvoiceSchema = defineSchema('AuctionInvoice', objectOf(AUCTION_INVOICE_PROPERTIES));
