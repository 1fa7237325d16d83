import { arrayOf, boolean, calendarDate, dateTime, defineSchema, described, enumOf, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { PAYMENT_METHODS } from './payment.entity';

/** The shapes of `payments.presenter.ts` and `statements.presenter.ts` (DESIGN §8). */
export const FeeLineSchema = defineSchema('FeeLine', objectOf({ code: text, description: text, basis: { type: 'string', example: '1500 bps × 10333' }, amount: MoneySchema }));

export const PaymentSchema = defineSchema(
  'Payment',
  objectOf(
    {
      id: uuid,
      case_id: uuid,
      status: enumOf(['confirmed', 'reversed']),
      amount: MoneySchema,
      received_on: calendarDate,
      method: enumOf(PAYMENT_METHODS),
      reference: text,
      reported_event_id: nullable(uuid),
      allocation: objectOf({ fees: MoneySchema, interest: MoneySchema, principal: MoneySchema }, { description: 'fees → interest → principal' }),
      commission: nullable(
        objectOf({
          job_id: uuid,
          partner_org_id: uuid,
          tail_period: described(boolean, 'earned within 30 days after the job was recalled'),
          amount: MoneySchema,
          platform_fee: MoneySchema,
          partner_net: MoneySchema,
          platform_fee_schedule_id: nullable(uuid),
          lines: arrayOf(FeeLineSchema, "the fee engine's basis at the job's frozen terms"),
        }),
      ),
      ledger_transaction_id: nullable(uuid),
      reversal: nullable(objectOf({ reversed_at: dateTime, reason: text, ledger_transaction_id: nullable(uuid) })),
      created_at: dateTime,
      case: objectOf({ status: text, total_due: MoneySchema }, { description: 'the case after the payment (on confirmation)' }),
    },
    { optional: ['case'] },
  ),
);

export const CostToCollectSchema = defineSchema(
  'CostToCollect',
  objectOf({
    recovered: MoneySchema,
    fees: MoneySchema,
    cost_to_collect_bps: nullable({ type: 'integer', example: 1500, description: 'fees ÷ recovered in basis points, half-up; null before anything was recovered' }),
  }),
);

export const PlatformFeeScheduleSchema = defineSchema(
  'PlatformFeeSchedule',
  objectOf({ id: uuid, currency: text, version: integer, recovered_bps: integer, hammer_bps: nullable(integer), effective_from: dateTime, created_at: dateTime }),
);

const statementLine = objectOf({
  line: integer,
  kind: enumOf(['commission', 'reversal']),
  posted_at: dateTime,
  payment_id: uuid,
  job_id: uuid,
  case_id: uuid,
  lender_org_id: uuid,
  recovered: MoneySchema,
  commission: MoneySchema,
  platform_fee: MoneySchema,
  net: MoneySchema,
  ledger_transaction_id: uuid,
  basis: arrayOf(FeeLineSchema),
});

export const StatementSchema = defineSchema(
  'Statement',
  objectOf(
    {
      id: uuid,
      partner_org_id: uuid,
      currency: text,
      kind: enumOf(['monthly', 'on_demand']),
      status: enumOf(['issued', 'paid']),
      period_start: nullable(dateTime),
      period_end: dateTime,
      lender_owes: described(MoneySchema, 'commissions the lenders owe for the lines'),
      platform_keeps: described(MoneySchema, "the platform's fees out of those commissions"),
      earned_net: MoneySchema,
      carried_forward: described(MoneySchema, "a previous statement's negative net, set against this one"),
      net_payable: described(MoneySchema, 'what the partner is paid for this statement'),
      line_count: integer,
      issued_at: dateTime,
      payout: nullable(objectOf({ paid_at: dateTime, via: nullable(enumOf(['stripe', 'manual'])), reference: nullable(text), ledger_transaction_id: nullable(uuid) })),
      lines: arrayOf(statementLine, 'on a single statement'),
    },
    { optional: ['lines'] },
  ),
);
