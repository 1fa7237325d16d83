import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { JOB_OUTCOMES } from './domain/job-lifecycle';
import { PROGRESS_EVENT_TYPES } from './domain/progress-events';
import { JOB_STATUSES } from '../marketplace/domain/listing-state';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
const nullable = (s: SchemaObject): SchemaObject => ({ ...s, nullable: true });
const money: SchemaObject = { type: 'object', properties: { amount: { type: 'integer' }, currency: { type: 'string', example: 'USD' } } };

/** `jobs.presenter.ts` with the field-work columns (issue 12). */
export const JOB_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    id: uuid,
    listing_id: uuid,
    kind: { type: 'string', enum: ['collection', 'repossession', 'transport', 'skip_trace'] },
    status: { type: 'string', enum: [...JOB_STATUSES] },
    lender_org_id: uuid,
    partner_org_id: uuid,
    case_ids: { type: 'array', items: uuid },
    vehicle_id: nullable(uuid),
    outcome: nullable({ type: 'string', enum: [...JOB_OUTCOMES] }),
    started_at: nullable(dateTime),
    last_progress_at: nullable(dateTime),
    ended_at: nullable(dateTime),
    end_reason: nullable({ type: 'string' }),
    hold: nullable({
      type: 'object',
      properties: { reason: { type: 'string' }, held_at: dateTime, acknowledged_at: nullable(dateTime), resumes_as: { type: 'string', enum: ['accepted', 'in_progress'] } },
    }),
  },
  additionalProperties: true,
};

const WORK_VEHICLE: SchemaObject = {
  type: 'object',
  description: 'The vehicle as the tow operator needs it (DESIGN §4)',
  properties: {
    id: uuid,
    vin: { type: 'string' },
    plate: nullable({ type: 'string' }),
    plate_region: nullable({ type: 'string' }),
    make: nullable({ type: 'string' }),
    model: nullable({ type: 'string' }),
    year: nullable({ type: 'integer' }),
    colour: nullable({ type: 'string' }),
    keys_available: nullable({ type: 'boolean' }),
    last_position: nullable({ type: 'object', properties: { latitude: { type: 'number' }, longitude: { type: 'number' }, at: nullable(dateTime) } }),
    status: { type: 'string' },
  },
};

export const WORK_CASE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'A case of a running job for its partner: borrower unmasked (audited), never the national id; a tow operator gets no phone or e-mail',
  properties: {
    id: uuid,
    external_ref: { type: 'string' },
    status: { type: 'string' },
    flags: { type: 'array', items: { type: 'string' } },
    balance: money,
    days_past_due: { type: 'integer' },
    borrower: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        phone: nullable({ type: 'string' }),
        email: nullable({ type: 'string' }),
        address: nullable({ type: 'object', additionalProperties: true }),
        timezone: { type: 'string' },
        region: { type: 'string' },
        preferred_language: nullable({ type: 'string' }),
      },
    },
    contacts: { type: 'array', items: { type: 'object', properties: { id: uuid, kind: { type: 'string', enum: ['phone', 'address', 'employer'] }, value: {}, source: { type: 'string' }, confidence: nullable({ type: 'integer' }), found_by_org_id: uuid, found_at: dateTime } } },
    vehicle: nullable(WORK_VEHICLE),
  },
};

export const JOB_WITH_WORK_SCHEMA: SchemaObject = {
  allOf: [JOB_SCHEMA, { type: 'object', properties: { work: nullable({ type: 'object', properties: { cases: { type: 'array', items: WORK_CASE_SCHEMA }, vehicle: nullable(WORK_VEHICLE) } }) } }],
};

export const JOB_EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'A progress report with the fields of its type (DESIGN §6)',
  properties: {
    id: uuid,
    job_id: uuid,
    case_id: nullable(uuid),
    type: { type: 'string', enum: [...PROGRESS_EVENT_TYPES] },
    occurred_at: { ...dateTime, description: 'when the reporter says it happened' },
    recorded_at: { ...dateTime, description: 'when the server took the report' },
    reporter_org_id: uuid,
    reporter_user_id: nullable(uuid),
    after_hold: { type: 'boolean', description: 'reported while the job was on hold (raises compliance.alert)' },
  },
  additionalProperties: true,
};

export const PROGRESS_EVENT_BODY: SchemaObject = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...PROGRESS_EVENT_TYPES] },
    occurred_at: { ...dateTime, description: 'claimed time; defaults to now, at most 5 minutes ahead' },
    case_id: { ...uuid, description: "one of the job's cases; defaults to its only case" },
  },
  additionalProperties: true,
  example: { type: 'contact_attempt', channel: 'call', outcome: 'right_party_contact', contact_used: '+14155550123', duration_seconds: 240 },
};

const PROBLEM: SchemaObject = { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' } } };

/** Summary, answer and refusals of one route (`application/problem+json`). */
export function ApiRoute(summary: string, answer: SchemaObject, problems: readonly number[], status = 200): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiResponse({ status, description: 'OK', schema: answer }),
    ...problems.map((p) => ApiResponse({ status: p, description: 'Refused', content: { 'application/problem+json': { schema: PROBLEM } } })),
  );
}
