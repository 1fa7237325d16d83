import { arrayOf, calendarDate, dateTime, defineSchema, enumOf, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';

/** The shape of `redemptions.presenter.ts` (UCC §9-623, DESIGN §7). */
export const RedemptionSchema = defineSchema(
  'Redemption',
  objectOf({
    id: uuid,
    vehicle_id: uuid,
    case_id: uuid,
    lot_id: nullable(uuid),
    obligation: MoneySchema,
    expenses: arrayOf(objectOf({ label: text, amount: MoneySchema })),
    required: MoneySchema,
    amount_paid: MoneySchema,
    paid_on: calendarDate,
    reference: nullable(text),
    vehicle_status: enumOf(['redeemed']),
    created_at: dateTime,
  }),
);
