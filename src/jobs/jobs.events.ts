import { defineEvent, P, PayloadOf } from '../common/outbox/event-definition';
import { JOB_OUTCOMES } from './domain/job-lifecycle';
import { SLA_CLOCKS } from './domain/job-sla';
import { JOB_STATUSES } from './domain/job-status';
import { CONTACT_OUTCOMES, PROGRESS_EVENT_TYPES } from './domain/progress-events';
import { PROMISE_STATUSES } from './domain/promise-to-pay';
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

/** What every event of a job at work carries, so a reader needs no second query (DESIGN §9). */
const work = {
  ...job,
  kind: P.oneOf(WORK_KINDS),
  lender_org_id: P.id(),
  case_ids: P.ids(),
  vehicle_id: P.nullable(P.id()),
};

const move = {
  ...work,
  from: P.oneOf(JOB_STATUSES),
  to: P.oneOf(JOB_STATUSES),
  reason: P.nullable(P.text()),
  outcome: P.nullable(P.oneOf(JOB_OUTCOMES)),
  sla_met: P.nullable(P.bool('job.started: first action within its SLA; job.completed: completed within its SLA; null otherwise')),
};

export const JobStarted = defineEvent('job.started', { aggregate: 'job', description: 'Work began (`POST /v1/jobs/{id}/start` or the first progress report); the cases are in progress.', payload: move });
export const JobReturned = defineEvent('job.returned', { aggregate: 'job', description: 'The partner gave the job back, with a reason; its cases are `returned` and may be re-listed.', payload: move });
export const JobRecalled = defineEvent('job.recalled', { aggregate: 'job', description: 'The lender pulled the job back, with a reason; its cases are `recalled` and may be re-listed.', payload: move });
export const JobCompleted = defineEvent('job.completed', { aggregate: 'job', description: 'The partner completed the job with an `outcome`; the cases moved as the outcome says (DESIGN §4).', payload: move });
export const JobCancelled = defineEvent('job.cancelled', {
  aggregate: 'job',
  description: 'The order was cancelled: by the lender, or because a case was resolved or written off (DESIGN §6); a vehicle not yet in hand is `order_cancelled`.',
  payload: move,
});

export const JobOnHold = defineEvent('job.on_hold', {
  aggregate: 'job',
  description: 'A case of the job was flagged bankruptcy or legal hold: all work stops now, and the partner must acknowledge (`POST /v1/jobs/{id}/acknowledge-hold`).',
  payload: { ...work, from: P.oneOf(JOB_STATUSES), case_id: P.id(), flag: P.oneOf(['bankruptcy', 'legal_hold']), reason: P.text(), acknowledge_by: P.text() },
});
export const JobHoldAcknowledged = defineEvent('job.hold_acknowledged', {
  aggregate: 'job',
  description: 'The partner confirmed it stopped work on a held job.',
  payload: { ...work, hold_reason: P.nullable(P.text()), held_at: P.timestamp(), acknowledged_at: P.timestamp() },
});
export const JobHoldEscalated = defineEvent('job.hold_escalated', {
  aggregate: 'job',
  description: 'A hold the partner has not acknowledged: step 1 after 15 minutes, step 2 after an hour (DESIGN §6); to the lender and platform compliance.',
  payload: { ...work, step: P.int('1: 15 minutes unacknowledged, 2: an hour'), held_at: P.timestamp(), hold_reason: P.nullable(P.text()), unacknowledged_minutes: P.int() },
});

export const JobResumed = defineEvent('job.resumed', {
  aggregate: 'job',
  description: 'The lender resumed a held job after the hold flag was lifted; it is back where it was.',
  payload: { ...work, to: P.oneOf(['accepted', 'in_progress']) },
});

const report = {
  event_id: P.id('the progress event (`GET /v1/jobs/{id}/events`)'),
  case_id: P.nullable(P.id()),
  occurred_at: P.timestamp('when the reporter says it happened'),
  recorded_at: P.timestamp('when the server took the report'),
  after_hold: P.bool('reported while the job was on hold'),
};

export const JobProgress = defineEvent('job.progress', {
  aggregate: 'job',
  description: 'The partner reported typed progress (DESIGN §6); the report itself is read from `GET /v1/jobs/{id}/events`.',
  payload: {
    ...work,
    ...report,
    type: P.oneOf(PROGRESS_EVENT_TYPES),
    // What the scorecard counts without reading the report (issue 17): right-party contacts, promises kept.
    contact_outcome: P.nullable(P.oneOf(CONTACT_OUTCOMES)),
    promise: P.nullable(P.object({ amount: P.nullable(P.money()), date: P.day() })),
  },
});

export const ComplianceAlert = defineEvent('compliance.alert', {
  aggregate: 'job',
  description: 'Something regulators look for first happened: a vehicle reported recovered while its job was on hold (possible wrongful repossession, DESIGN §6).',
  payload: { ...work, ...report, alert: P.oneOf(['recovery_after_hold']), hold_reason: P.nullable(P.text()), held_at: P.nullable(P.timestamp()) },
});

export const JobSlaBreached = defineEvent('job.sla_breached', {
  aggregate: 'job',
  description: 'An SLA clock ran out (DESIGN §6): first action, silence (no progress) or completion. `auto_recall`: the listing asked for it, so the job was recalled and its work offered to the next-best bid.',
  payload: { ...work, sla: P.oneOf(SLA_CLOCKS), due_at: P.timestamp(), breached_at: P.timestamp(), auto_recall: P.bool() },
});

const promise = {
  ...work,
  promise_id: P.id(),
  case_id: P.nullable(P.id()),
  amount: P.money('what the borrower promised'),
  paid: P.money('payments reported on the job and case since the promise'),
  promised_for: P.day(),
  due_at: P.timestamp('the promise’s date plus the listing’s grace'),
};

export const PromiseKept = defineEvent('promise.kept', {
  aggregate: 'promise',
  description: 'Payments reported since a promise to pay cover it (DESIGN §6); counted on the partner’s statistics.',
  payload: promise,
});
export const PromiseBroken = defineEvent('promise.broken', {
  aggregate: 'promise',
  description: 'A promise to pay was not met by its date plus grace: `broken` (nothing paid) or `partially_kept`; counted on the partner’s statistics.',
  payload: { ...promise, status: P.oneOf(PROMISE_STATUSES.filter((s): s is 'broken' | 'partially_kept' => s === 'broken' || s === 'partially_kept')) },
});

export const JOB_EVENTS = [
  JobOffered,
  JobAccepted,
  JobDeclined,
  JobExpired,
  PartnerSuspensionNotice,
  JobStarted,
  JobReturned,
  JobRecalled,
  JobCompleted,
  JobCancelled,
  JobOnHold,
  JobHoldAcknowledged,
  JobResumed,
  JobProgress,
  ComplianceAlert,
  JobSlaBreached,
  JobHoldEscalated,
  PromiseKept,
  PromiseBroken,
] as const;

export type JobOfferedPayload = PayloadOf<typeof JobOffered>;
