import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import { dateTime, defineSchema, enumOf, integer, nullable, objectOf, calendarDate, text, uuid, arrayOf } from '../common/openapi/schema';
import { ROLL_STATES } from './domain/portfolio-metrics';
import type { SchemaObject } from '../common/openapi/schema';

const rate = { type: 'number', minimum: 0, maximum: 1 } as const;

export const RatioSchema = defineSchema('Ratio', objectOf({ numerator: integer, denominator: integer, rate: nullable(rate) }, { description: 'numerator ÷ denominator to 4 decimals; null when there is nothing to count' }));

const medianDays = objectOf({ jobs: integer, days: nullable({ type: 'number' }) }, { description: 'median days over `jobs` jobs' });

export const ScorecardMoneySchema = defineSchema(
  'ScorecardMoney',
  objectOf({
    currency: text,
    amount_assigned: integer,
    amount_recovered: integer,
    recovery_rate_by_amount: RatioSchema,
    repossession_cost: integer,
    cost_per_repossession: objectOf({ numerator: integer, denominator: integer, amount: nullable(integer) }),
  }),
);

/** `ScorecardQueries.scorecard` (issue 17, DESIGN §10). Amounts are minor units. */
export const ScorecardSchema = defineSchema(
  'PartnerScorecard',
  objectOf({
    partner_org_id: uuid,
    kind: nullable(text),
    region: nullable(text),
    from: nullable(calendarDate),
    to: calendarDate,
    as_of: dateTime,
    jobs_assigned: integer,
    cases_assigned: integer,
    cases_recovered: integer,
    recovery_rate_by_count: RatioSchema,
    right_party_contact_rate: RatioSchema,
    promises_kept_rate: RatioSchema,
    promises_pending: integer,
    median_days_to_first_action: medianDays,
    median_days_to_completion: medianDays,
    sla_breach_rate: RatioSchema,
    duty_breach_rate: RatioSchema,
    complaint_rate: RatioSchema,
    compliance_refusals: RatioSchema,
    holds_acknowledged_on_time: RatioSchema,
    voluntary_recovery_share: RatioSchema,
    recoveries: objectOf({ voluntary: integer, involuntary: integer }),
    money: arrayOf(ScorecardMoneySchema, 'per currency'),
  }),
);

/** numerator ÷ denominator that may exceed 1 (fees ÷ recovered, proceeds ÷ valuation). */
const OpenRatioSchema = defineSchema('OpenRatio', objectOf({ numerator: integer, denominator: integer, rate: nullable({ type: 'number', minimum: 0 }) }, { description: 'numerator ÷ denominator to 4 decimals (may exceed 1); null when the denominator is 0' }));
const MeanSchema = defineSchema('Mean', objectOf({ numerator: { type: 'number' }, denominator: integer, mean: nullable({ type: 'number' }) }, { description: 'total ÷ count to 2 decimals; null for none' }));
const states = enumOf([...ROLL_STATES]);

/** `PortfolioQueries.portfolio` (issue 17, DESIGN §10). Amounts are minor units; months are their first day. */
export const PortfolioSchema = defineSchema(
  'LenderPortfolio',
  objectOf({
    lender_org_id: nullable(uuid),
    product: nullable(text),
    region: nullable(text),
    from: calendarDate,
    to: calendarDate,
    as_of: dateTime,
    placements: arrayOf(objectOf({ bucket: text, stage: text, currency: text, cases: integer, amount: integer, share: RatioSchema }), 'cases placed in the period by bucket and stage at placement; share of all cases placed'),
    recovery_curve: arrayOf(
      objectOf({ currency: text, points: arrayOf(objectOf({ days: integer, numerator: integer, denominator: integer, rate: nullable(rate) }), 'recovered within `days` of placement ÷ placed, over the placement months that have had `days` days') }),
      'per currency',
    ),
    roll_rates: arrayOf(objectOf({ month: calendarDate, from: states, to: states, numerator: integer, denominator: integer, rate: nullable(rate) }), 'of the cases in `from` at the end of the month before, those in `to` at the end of `month`'),
    cost_to_collect: arrayOf(objectOf({ partner_org_id: uuid, kind: text, currency: text, fees: integer, recovered: integer, cost_to_collect: OpenRatioSchema }), 'fees (commissions, repossession fees) ÷ recovered (payments, sale proceeds) per partner and kind of work'),
    repossessions: objectOf({ recoveries: integer, voluntary_share: RatioSchema, days_order_to_recovery: MeanSchema }),
    auctions: arrayOf(
      objectOf({ currency: nullable(text), lots_closed: integer, sold: integer, paid: integer, no_sale_rate: RatioSchema, proceeds: integer, proceeds_vs_valuation: OpenRatioSchema, days_in_storage: MeanSchema }),
      'lots closed in the period, per currency, each at its last decision (the close, the high bid accepted, a second-chance sale, the return to the lender unsold); proceeds are hammer prices; days in storage until the buyer’s pick-up',
    ),
    settlements: arrayOf(
      objectOf({
        currency: text,
        settlements: integer,
        proceeds: integer,
        surplus: objectOf({ amount: integer, count: integer, paid: objectOf({ amount: integer, count: integer }, { description: 'surpluses paid to borrowers in the period (UCC §9-615(d)(1))' }) }),
        deficiency: objectOf({ amount: integer, count: integer, placed: objectOf({ amount: integer, count: integer }, { description: 'deficiencies placed for collection in the period' }) }),
      }),
      'sales settled in the period (UCC §9-615), per currency; what became of surpluses and deficiencies by the month it happened',
    ),
  }),
);

/** One route answering JSON, with `format=csv` the same figures as CSV, and with `format=svg` a chart of them. */
export function ApiReport(schema: ReturnType<typeof defineSchema>, csvColumns: string, svg: string): MethodDecorator {
  return applyDecorators(
    ApiProduces('application/json', 'text/csv', 'image/svg+xml'),
    ApiResponse({
      status: HttpStatus.OK,
      description: `JSON; with format=csv a CSV of the same figures (${csvColumns}); with format=svg ${svg} (an accessible SVG image: title, description, a title on every point)`,
      content: { 'application/json': { schema: schema as SchemaObject }, 'text/csv': { schema: { type: 'string' } }, 'image/svg+xml': { schema: { type: 'string' } } },
    }),
  );
}
