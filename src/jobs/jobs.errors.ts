import { conflict, DomainError, notFound, unprocessable } from '../common/problem/problem';
import type { JobStatus } from './domain/job-status';

/** The refusals of jobs (DESIGN §6), with their stable codes. */
export const JobErrors = {
  notFound: () => notFound('job'),
  caseNotFound: () => notFound('case'),
  offerExpired: (deadline: Date) =>
    conflict('job.offer_expired', `The offer expired at ${deadline.toISOString()}; it can no longer be accepted or declined.`, {
      current: 'expired',
      accept_deadline: deadline.toISOString(),
    }),
  outcomeRefused: (outcome: string, reason: string): DomainError => unprocessable('job.outcome_refused', `The job cannot complete as ${outcome}: ${reason}.`, { outcome }),
  eventNotForKind: (type: string, kind: string, allowed: readonly string[]): DomainError =>
    unprocessable('job.event_not_for_kind', `A ${kind} job does not report ${type} (it reports ${allowed.join(', ')}).`, { event_type: type, kind, allowed: [...allowed] }),
  onHold: (type: string): DomainError =>
    conflict('job.on_hold', `The job is on hold: ${type} is not accepted; acknowledge the hold (POST /v1/jobs/{id}/acknowledge-hold) and wait for the lender to resume it.`, {
      current: 'on_hold',
      allowed: ['acknowledge-hold'],
    }),
  notActive: (status: JobStatus): DomainError => conflict('job.not_active', `The job is ${status}; progress is reported only on accepted or in-progress jobs.`, { current: status }),
  vehicleState: (reason: string): DomainError => conflict('job.vehicle_state', `The report contradicts the vehicle: ${reason}.`),
  notOnHold: (status: JobStatus): DomainError => conflict('job.not_on_hold', `The job is ${status}, not on hold.`, { current: status }),
  holdAlreadyAcknowledged: (at: Date): DomainError => conflict('job.hold_already_acknowledged', `The hold was acknowledged at ${at.toISOString()}.`, { acknowledged_at: at.toISOString() }),
  holdStillApplies: (flags: readonly string[]): DomainError =>
    conflict('job.hold_still_applies', `A case of the job is still flagged ${flags.join(', ')}; clear the flag before resuming.`, { flags: [...flags] }),
};
