import { arrayOf, dateTime, defineSchema, enumOf, freeForm, integer, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { JOB_STATUSES } from './domain/job-status';
import { WORK_KINDS } from './domain/work-kind';

/** The shape of `jobs.presenter.ts` (DESIGN §6). */
export const JobSchema = defineSchema(
  'Job',
  objectOf({
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
    created_at: dateTime,
    updated_at: dateTime,
  }),
);
