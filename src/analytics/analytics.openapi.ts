import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import { dateTime, defineSchema, integer, nullable, objectOf, calendarDate, text, uuid, arrayOf } from '../common/openapi/schema';
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

/** One route answering JSON or, with `format=csv`, the same figures as CSV. */
export function ApiJsonOrCsv(schema: ReturnType<typeof defineSchema>, csvColumns: string): MethodDecorator {
  return applyDecorators(
    ApiProduces('application/json', 'text/csv'),
    ApiResponse({
      status: HttpStatus.OK,
      description: `JSON; with format=csv a CSV of the same figures (${csvColumns})`,
      content: { 'application/json': { schema: schema as SchemaObject }, 'text/csv': { schema: { type: 'string' } } },
    }),
  );
}
