import type { CaseHoldCause } from '../../cases/domain/case-hold';
import type { CaseStatus } from '../../cases/domain/case-status';
import type { JobStatus } from './job-status';
import type { VehicleStatus } from '../../vehicles/domain/vehicle-status';
import type { WorkKind } from './work-kind';
import type { ProgressEventType } from './progress-events';

/** The moves of a job after it is accepted (DESIGN §6), and the status each one requests. */
export const JOB_MOVES = { start: 'in_progress', return: 'returned', recall: 'recalled', complete: 'completed', cancel: 'cancelled' } as const satisfies Record<string, JobStatus>;
export type JobMove = keyof typeof JOB_MOVES;

/** What a completed job achieved. */
export const JOB_OUTCOMES = ['paid_in_full', 'settled', 'payment_plan', 'vehicle_recovered', 'redeemed', 'delivered', 'skip_traced'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

const OUTCOMES_BY_KIND: { readonly [K in WorkKind]: readonly JobOutcome[] } = {
  collection: ['paid_in_full', 'settled', 'payment_plan'],
  repossession: ['vehicle_recovered', 'redeemed'],
  transport: ['delivered'],
  skip_trace: ['skip_traced'],
};

export function outcomesFor(kind: WorkKind): readonly JobOutcome[] {
  return OUTCOMES_BY_KIND[kind];
}

/**
 * Where the job's cases go when it moves (DESIGN §4): work begins (`in_progress`), comes back to
 * the lender to re-list (`returned`, `recalled`; a cancelled order is pulled like a recall), or
 * ends as the outcome says: paid or settled → `resolved`, a plan → `payment_plan`; a recovered,
 * delivered or traced case goes back to the lender (`returned`) for what follows (disposal, the
 * next placement), and a redemption is the borrower paying (`resolved`).
 */
export function caseStatusAfter(move: JobMove, outcome: JobOutcome | null): CaseStatus {
  if (move === 'start') return 'in_progress';
  if (move === 'return') return 'returned';
  if (move === 'recall' || move === 'cancel') return 'recalled';
  if (outcome === 'payment_plan') return 'payment_plan';
  if (outcome === 'paid_in_full' || outcome === 'settled' || outcome === 'redeemed') return 'resolved';
  return 'returned';
}

/** Case statuses a job's move carries along; a case the lender already settled stays where it is. */
export const CASE_STATUSES_IN_WORK: readonly CaseStatus[] = ['assigned', 'in_progress', 'payment_plan'];

/**
 * The vehicle move a job move makes: a cancelled order cancels the repossession while the vehicle
 * is not yet in hand (DESIGN §4 `order_cancelled`); a redemption returns it. Returns and recalls
 * leave the order standing for the next partner.
 */
export function vehicleStatusAfter(move: JobMove, outcome: JobOutcome | null, current: VehicleStatus): VehicleStatus | null {
  if (move === 'cancel' && (current === 'repo_ordered' || current === 'located')) return 'order_cancelled';
  if (move === 'complete' && outcome === 'redeemed') return current === 'redeemed' ? null : 'redeemed';
  return null;
}

/**
 * Vehicle statuses on the DESIGN §4 spine past a recovery, and past storage: the lender may list
 * and sell a stored vehicle before the tow operator closes its job, and the job still closes.
 */
const STORED_OR_LATER: readonly VehicleStatus[] = ['in_storage', 'listed', 'sold', 'released'];
const RECOVERED_OR_LATER: readonly VehicleStatus[] = ['recovered', ...STORED_OR_LATER];
/** Where a report can still bring the vehicle to a recovery. */
const BEFORE_RECOVERY: readonly VehicleStatus[] = ['repo_ordered', 'located'];

/** Why this outcome may not close this job, or null: a recovery must be reported before it is claimed. */
export function outcomeRefusal(kind: WorkKind, outcome: JobOutcome, vehicle: VehicleStatus | null): string | null {
  if (!OUTCOMES_BY_KIND[kind].includes(outcome)) return `a ${kind} job completes with one of ${OUTCOMES_BY_KIND[kind].join(', ')}`;
  const status = vehicle ?? 'unknown';
  if (outcome === 'vehicle_recovered' && !(vehicle && RECOVERED_OR_LATER.includes(vehicle))) {
    if (vehicle && BEFORE_RECOVERY.includes(vehicle)) return `the vehicle is ${status}; report vehicle_recovered first`;
    // The borrower paid (before or after the recovery): the order ends as a redemption.
    return vehicle === 'redeemed' ? 'the vehicle is redeemed; the job completes as redeemed' : `the vehicle is ${status}; it was not recovered on this order`;
  }
  if (outcome === 'delivered' && !(vehicle && STORED_OR_LATER.includes(vehicle))) return `the vehicle is ${status}; report vehicle_stored first`;
  return null;
}

/**
 * The vehicle moves a progress event drives (DESIGN §4 `repo_ordered → located → recovered →
 * in_storage`), as the path from the current status; a recovery reported without a sighting
 * passes through `located`. `null` when the event does not move the vehicle from there (already
 * located, say); a refusal when the event contradicts the vehicle's state.
 */
export function vehiclePathFor(type: ProgressEventType, current: VehicleStatus): { path: VehicleStatus[] } | { refusal: string } | null {
  const refuse = (what: string) => ({ refusal: `the vehicle is ${current}; ${what}` });
  switch (type) {
    case 'vehicle_located':
      if (current === 'repo_ordered') return { path: ['located'] };
      return current === 'located' ? null : refuse('it can no longer be located');
    case 'vehicle_recovered':
      if (current === 'repo_ordered') return { path: ['located', 'recovered'] };
      if (current === 'located') return { path: ['recovered'] };
      return refuse('only an ordered or located vehicle is recovered');
    case 'vehicle_stored':
      if (current === 'recovered') return { path: ['in_storage'] };
      return current === 'in_storage' ? null : refuse('only a recovered vehicle is stored');
    default:
      return null;
  }
}

/**
 * DESIGN §6 "holds reach every vendor at once": a bankruptcy or legal hold stops the work and
 * keeps the job (`on_hold`), an offer not yet taken is withdrawn; a case resolved or written off
 * ends every open job on it (`cancelled`). `null`: the job is already stopped or ended.
 */
export function holdOutcome(status: JobStatus, cause: CaseHoldCause): Extract<JobStatus, 'on_hold' | 'cancelled'> | null {
  if (status === 'offered') return 'cancelled';
  if (status === 'accepted' || status === 'in_progress') return cause.kind === 'flag' ? 'on_hold' : 'cancelled';
  if (status === 'on_hold') return cause.kind === 'flag' ? null : 'cancelled';
  return null;
}
