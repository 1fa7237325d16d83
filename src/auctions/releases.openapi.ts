import { dateTime, defineSchema, enumOf, integer, MoneySchema, nullable, objectOf, text, uuid, boolean } from '../common/openapi/schema';

/** The shape of `releases.presenter.ts` (DESIGN §7 "Release"). */
export const AuctionReleaseSchema = defineSchema(
  'AuctionRelease',
  objectOf({
    id: uuid,
    lot_id: uuid,
    invoice_id: uuid,
    vehicle: objectOf({ id: uuid, vin: text, make: nullable(text), model: nullable(text), year: nullable(integer) }),
    buyer_org_id: uuid,
    lender_org_id: uuid,
    holder_org_id: { ...uuid, description: 'the org that holds the vehicle and confirms the pick-up: the tow operator whose job stored it, else the lender' },
    job_id: nullable(uuid),
    yard_id: nullable(text),
    pickup_location: objectOf({ name: text, address: text, region: text }),
    status: enumOf(['ordered', 'picked_up']),
    release_code: { ...nullable(text), description: 'the buyer’s code to show at the gate; null to everyone but the buyer' },
    failed_attempts: { ...integer, description: 'wrong codes typed at the gate so far' },
    storage: nullable(
      objectOf({
        stored_at: dateTime,
        until: dateTime,
        final: { ...boolean, description: 'true once picked up; before that the storage accrued until now' },
        days: integer,
        free_days: integer,
        daily_rate: nullable(MoneySchema),
        charge: MoneySchema,
        basis: text,
      }),
    ),
    picked_up_at: nullable(dateTime),
    created_at: dateTime,
  }),
);
