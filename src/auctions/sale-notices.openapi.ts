import { arrayOf, calendarDate, dateTime, defineSchema, enumOf, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { SALE_NOTICE_METHODS } from './sale-notice.entity';

/** The shape of `sale-notices.presenter.ts` (UCC §9-611/§9-614, DESIGN §7). */
export const SaleNoticeSchema = defineSchema(
  'SaleNotice',
  objectOf({
    id: uuid,
    vehicle_id: uuid,
    case_id: uuid,
    region: { type: 'string', example: 'US-CA', description: 'the borrower’s region on the case: whose notice period applies' },
    sent_on: calendarDate,
    method: enumOf(SALE_NOTICE_METHODS),
    obligation: MoneySchema,
    expenses: arrayOf(objectOf({ label: text, amount: MoneySchema })),
    expenses_total: MoneySchema,
    redemption_amount: MoneySchema,
    contact: objectOf({ name: text, phone: text, address: nullable(text) }),
    notice_period_days: integer,
    earliest_sale_on: calendarDate,
    deficiency_warning: text,
    content: { type: 'string', description: 'the notice’s text as sent, kept unchanged' },
    created_at: dateTime,
  }),
);
