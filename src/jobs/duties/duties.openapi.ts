import { arrayOf, dateTime, defineSchema, enumOf, integer, nullable, objectOf, text, uuid } from '../../common/openapi/schema';
import { DUTY_KINDS } from './domain/repossession-duties';
import { JOB_DUTY_STATUSES } from './job-duty.entity';

const hours = (description: string) => ({ ...integer, description });

export const RepossessionDutiesSchema = defineSchema(
  'RepossessionDuties',
  objectOf({
    data: arrayOf(
      objectOf({
        code: { ...text, description: 'US (the country default) or an ISO 3166-2 subdivision (US-CA)' },
        time_zone: { ...text, description: 'IANA zone the deadlines’ days are counted in' },
        holidays: arrayOf(objectOf({ date: { type: 'string', format: 'date' }, name: text })),
        duties: arrayOf(
          objectOf({
            duty: enumOf(DUTY_KINDS),
            within_hours: nullable(hours('hours after the recovery; null for the release of personal effects')),
            weekend_extension_hours: hours('added once when the base period encompasses a Saturday or Sunday'),
            holiday_extension_hours: hours('added once when the base period encompasses a holiday'),
            citation: text,
            description: text,
          }),
        ),
      }),
    ),
  }),
);

export const JobDutySchema = defineSchema(
  'JobDuty',
  objectOf({
    id: uuid,
    job_id: uuid,
    duty: enumOf(DUTY_KINDS),
    jurisdiction: text,
    citation: text,
    recovery_event_id: uuid,
    recovered_at: dateTime,
    due_at: dateTime,
    extended_for: arrayOf(enumOf(['weekend', 'holiday'])),
    status: enumOf(JOB_DUTY_STATUSES, 'a duty fulfilled after its deadline stays breached, with fulfilled_at set'),
    fulfilled_event_id: nullable(uuid),
    fulfilled_at: nullable(dateTime),
    breached_at: nullable(dateTime),
  }),
);

export const JobDutyListSchema = defineSchema('JobDutyList', objectOf({ data: arrayOf(JobDutySchema) }));

export const DutyStatisticsSchema = defineSchema(
  'DutyStatistics',
  objectOf({
    partner_org_id: uuid,
    open: integer,
    fulfilled: integer,
    breached: integer,
    fulfilled_on_time_bps: nullable(hours('share of decided duties met in time, in basis points')),
  }),
);
