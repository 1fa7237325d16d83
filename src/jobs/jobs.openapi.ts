import { arrayOf, boolean, calendarDate, dateTime, defineSchema, enumOf, freeForm, integer, MoneySchema, nullable, objectOf, SchemaObject, text, uuid } from '../common/openapi/schema';
import { CASE_FLAGS, CASE_STATUSES } from '../cases/domain/case-status';
import { VEHICLE_STATUSES } from '../vehicles/domain/vehicle-status';
import { JOB_OUTCOMES } from './domain/job-lifecycle';
import { JOB_STATUSES } from './domain/job-status';
import { PROGRESS_EVENT_TYPES } from './domain/progress-events';
import { PROMISE_STATUSES } from './domain/promise-to-pay';
import { WORK_KINDS } from './domain/work-kind';

/** The vehicle as the tow operator needs it (DESIGN §4; `presentVehicleForWork`). */
export const WorkVehicleSchema = defineSchema(
  'WorkVehicle',
  objectOf(
    {
      id: uuid,
      vin: { type: 'string', example: '1HGCM82633A004352' },
      plate: nullable(text),
      plate_region: nullable({ type: 'string', example: 'US-TX' }),
      make: nullable(text),
      model: nullable(text),
      year: nullable(integer),
      colour: nullable(text),
      keys_available: nullable(boolean),
      last_position: nullable(objectOf({ latitude: { type: 'number' }, longitude: { type: 'number' }, at: nullable(dateTime) })),
      status: enumOf(VEHICLE_STATUSES),
    },
    { description: 'The vehicle of a running job, for its partner: no valuation, lien or title' },
  ),
);

const contact = objectOf({
  id: uuid,
  kind: enumOf(['phone', 'address', 'employer']),
  value: { description: 'a phone number, an address or an employer object' },
  source: text,
  confidence: nullable(integer),
  found_by_org_id: uuid,
  found_at: dateTime,
});

const workCase = {
  id: uuid,
  external_ref: text,
  status: enumOf(CASE_STATUSES),
  flags: arrayOf(enumOf(CASE_FLAGS)),
  product: text,
  balance: MoneySchema,
  days_past_due: integer,
  borrower: objectOf({
    name: text,
    phone: nullable(text),
    email: nullable(text),
    address: nullable(freeForm('line1, line2, city, postal_code, region')),
    timezone: text,
    region: text,
    preferred_language: nullable(text),
  }),
  contacts: arrayOf(contact, 'contacts found since placement (skip trace); a tow operator gets the addresses only'),
};

/** A case of a running job as its partner works it (`job-work.service.ts`). */
export const WorkCaseSchema = defineSchema(
  'WorkCase',
  objectOf(workCase, { description: 'Borrower unmasked (audited as a PII read), never the national id; a tow operator gets no phone or e-mail' }),
);

/** `GET /v1/jobs/{id}/cases/{caseId}`: the case and the job's vehicle. */
export const WorkCaseWithVehicleSchema = defineSchema('WorkCaseWithVehicle', objectOf({ ...workCase, vehicle: nullable(WorkVehicleSchema) }));

const hold: SchemaObject = objectOf(
  {
    reason: nullable(text),
    held_at: nullable(dateTime),
    acknowledged_at: nullable(dateTime),
    escalations: { ...integer, description: 'times the unacknowledged hold was escalated: after 15 minutes, then an hour' },
    resumes_as: nullable(enumOf(['accepted', 'in_progress'])),
  },
  { description: 'while the job is on hold: why, since when, whether the partner acknowledged' },
);

/** The shape of `jobs.presenter.ts` (DESIGN §6). */
const jobProperties = {
  id: uuid,
  listing_id: uuid,
  award_id: uuid,
  lot_key: { type: 'string', example: 'US-TX' },
  title: text,
  role: enumOf(['champion', 'challenger']),
  kind: enumOf(WORK_KINDS),
  status: enumOf(JOB_STATUSES),
  lender_org_id: uuid,
  partner_org_id: uuid,
  bid_id: nullable(uuid),
  case_ids: arrayOf(uuid),
  vehicle_id: nullable(uuid),
  fee_schedule_id: uuid,
  fee_schedule_version: integer,
  fee_schedule: freeForm('the fee schedule version the job was awarded under, frozen'),
  terms: freeForm('the winning bid’s terms, frozen at award'),
  effective_fee_schedule: freeForm('the schedule as adjusted by the bid, which settlement applies'),
  terms_effective_at: dateTime,
  score: nullable(freeForm('the award score and its components')),
  offer_round: integer,
  accept_deadline: dateTime,
  offered_at: dateTime,
  accepted_at: nullable(dateTime),
  ended_at: nullable(dateTime),
  end_reason: nullable(text),
  outcome: nullable(enumOf(JOB_OUTCOMES, 'what a completed job achieved')),
  started_at: nullable(dateTime),
  last_progress_at: nullable(dateTime),
  hold: nullable(hold),
  sla: objectOf(
    {
      first_action_due_at: nullable(dateTime),
      silence_due_at: nullable(dateTime),
      completion_due_at: nullable(dateTime),
      auto_recall_on_breach: { ...boolean, description: 'the listing’s choice: a breach recalls the job and offers the work on' },
    },
    { description: 'SLA clocks (DESIGN §6): when each is due while it runs; null once met, breached or stopped (on hold, ended)' },
  ),
  promise_grace_days: { ...integer, description: 'days after its date before an unpaid promise to pay is broken' },
  work: nullable(
    objectOf(
      { cases: arrayOf(WorkCaseSchema), vehicle: nullable(WorkVehicleSchema) },
      { description: '`GET /v1/jobs/{id}` only: the work, for the partner while the job is accepted, in progress or on hold; null otherwise' },
    ),
  ),
  created_at: dateTime,
  updated_at: dateTime,
};

export const JobSchema = defineSchema('Job', objectOf(jobProperties, { optional: ['work'] }));

/** A row of `GET /v1/jobs`: the job with who and what, so a list needs no second call per row. */
export const JobListItemSchema = defineSchema(
  'JobListItem',
  objectOf(
    {
      ...jobProperties,
      listing_title: { ...text, description: 'the listing’s title, with the lot when the listing has several' },
      lender_name: text,
      partner_name: text,
      case_summary: objectOf(
        {
          case_count: integer,
          total_balance: nullable(MoneySchema),
          regions: arrayOf(text),
          statuses: arrayOf(enumOf(CASE_STATUSES)),
          external_refs: arrayOf(text, 'the first three loan references'),
        },
        { description: 'the job’s cases, no PII' },
      ),
    },
    { optional: ['work'] },
  ),
);

/** A progress report with the fields of its type (`presentJobEvent`). */
export const JobEventSchema = defineSchema('JobEvent', {
  ...objectOf({
    id: uuid,
    job_id: uuid,
    case_id: nullable(uuid),
    type: enumOf(PROGRESS_EVENT_TYPES),
    occurred_at: { ...dateTime, description: 'when the reporter says it happened' },
    recorded_at: { ...dateTime, description: 'when the server took the report' },
    reporter_org_id: uuid,
    reporter_user_id: nullable(uuid),
    after_hold: { ...boolean, description: 'reported while the job was on hold (raises compliance.alert)' },
  }),
  description: 'A progress report (DESIGN §6); the fields of its type follow the common ones',
  additionalProperties: true,
});

/** The body of `POST /v1/jobs/{id}/events`: `type` and that type's fields (validated per type in `domain/progress-events.ts`). */
export const ProgressEventBody: SchemaObject = {
  type: 'object',
  required: ['type'],
  properties: {
    type: enumOf(PROGRESS_EVENT_TYPES),
    occurred_at: { ...dateTime, description: 'claimed time; defaults to now, at most 5 minutes ahead' },
    case_id: { ...uuid, description: 'one of the job’s cases; defaults to its only case' },
  },
  additionalProperties: true,
  example: { type: 'contact_attempt', channel: 'call', outcome: 'right_party_contact', contact_used: '+14155550123', duration_seconds: 240 },
};

/** A tracked promise to pay (`presentPromise`, DESIGN §6). */
export const PromiseToPaySchema = defineSchema(
  'PromiseToPay',
  objectOf({
    id: uuid,
    job_id: uuid,
    case_id: nullable(uuid),
    event_id: { ...uuid, description: 'the promise_to_pay progress event' },
    amount: MoneySchema,
    paid: { allOf: [MoneySchema], description: 'payments reported on the job and case since the promise' },
    promised_for: calendarDate,
    grace_days: integer,
    due_at: { ...dateTime, description: 'the date plus the grace: an uncovered promise is decided then' },
    status: enumOf(PROMISE_STATUSES, 'kept once payments cover it; at due_at broken (nothing paid) or partially_kept'),
    decided_at: nullable(dateTime),
    created_at: dateTime,
  }),
);

/** One entry of `GET /v1/cases/{id}/timeline`. */
export const CaseTimelineEntrySchema = defineSchema(
  'CaseTimelineEntry',
  objectOf({
    id: uuid,
    at: { ...dateTime, description: 'when it was recorded' },
    source: enumOf(['case', 'job', 'progress'], 'case: the case’s own event; job: a job’s lifecycle event; progress: a partner’s report'),
    type: { ...text, example: 'case.flag_set', description: 'the event type (`GET /v1/events/catalogue`) or the progress type' },
    job_id: nullable(uuid),
    data: freeForm('the event’s payload, or the report’s fields without PII'),
  }),
);
