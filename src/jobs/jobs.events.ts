import { defineEvent, P, PayloadOf } from '../common/outbox/event-definition';
import { WORK_KINDS } from './domain/work-kind';

const job = {
  job_id: P.id(),
  job_title: P.text('the listing’s title, with the lot when the listing has several'),
  listing_id: P.id(),
  lot_key: P.text(),
  partner_org_id: P.id(),
};

export const JobOffered = defineEvent('job.offered', {
  aggregate: 'job',
  description: 'A partner was offered a job (award, re-offer, direct or auto-assign listing); it must accept before `accept_deadline`.',
  payload: { ...job, role: P.oneOf(['champion', 'challenger']), case_ids: P.ids(), accept_deadline: P.timestamp(), offer_round: P.int() },
});

export const JobAccepted = defineEvent('job.accepted', {
  aggregate: 'job',
  description: 'The partner accepted its offer; the work is theirs under the frozen terms.',
  payload: { ...job, partner_name: P.text(), kind: P.oneOf(WORK_KINDS), case_ids: P.ids() },
});

const ended = { ...job, reason: P.text() };

export const JobDeclined = defineEvent('job.declined', { aggregate: 'job', description: 'The partner declined its offer.', payload: ended });
export const JobExpired = defineEvent('job.expired', { aggregate: 'job', description: 'The offer was not accepted before its accept deadline.', payload: ended });

export const PartnerSuspensionNotice = defineEvent('partner.suspension_notice', {
  aggregate: 'partner',
  description: 'Sent to each lender with open jobs at a partner that was just suspended (DESIGN §3), naming those jobs.',
  payload: {
    partner_org_id: P.id(),
    partner_name: P.text(),
    reason: P.nullable(P.text()),
    open_job_ids: P.ids(),
    open_jobs: P.int(),
    suspended_event_id: P.id(),
  },
});

export const JOB_EVENTS = [JobOffered, JobAccepted, JobDeclined, JobExpired, PartnerSuspensionNotice] as const;

export type JobOfferedPayload = PayloadOf<typeof JobOffered>;
