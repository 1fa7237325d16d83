import { defineEvent, P } from '../../common/outbox/event-definition';
import { WORK_KINDS } from '../domain/work-kind';
import { DUTY_KINDS } from './domain/repossession-duties';

const duty = {
  job_id: P.id(),
  job_title: P.text(),
  partner_org_id: P.id(),
  kind: P.oneOf(WORK_KINDS, 'the job’s work, for the partner’s statistics per kind'),
  duty_id: P.id(),
  duty: P.oneOf(DUTY_KINDS),
  jurisdiction: P.text('the jurisdiction whose rule applied (US-CA, or US for the default)'),
  citation: P.text(),
  recovered_at: P.timestamp(),
  due_at: P.timestamp(),
};

export const JobDutyBreached = defineEvent('job.duty_breached', {
  aggregate: 'job',
  description: 'A repossession duty started by a recovery (police notification, notice of seizure) was not fulfilled by its deadline (DESIGN §6); it counts on the partner’s statistics.',
  payload: { ...duty, breached_at: P.timestamp() },
});

export const RepossessionDutiesUpdated = defineEvent('repossession_duties.updated', {
  aggregate: 'repossession_duties',
  description: 'The platform replaced the table of repossession duties; deadlines already started keep the rule they started under.',
  payload: { jurisdictions: P.texts() },
});

export const DUTY_EVENTS = [JobDutyBreached, RepossessionDutiesUpdated] as const;
