import { defineStateMachine } from '../../common/state-machine/state-machine';

export const JOB_STATUSES = [
  'offered',
  'declined',
  'accepted',
  'in_progress',
  'on_hold',
  'completed',
  'returned',
  'recalled',
  'expired',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * DESIGN §6. `declined` and `expired` end an offer the partner never took. `on_hold` is the
 * state §6 "holds reach every vendor at once" needs for `bankruptcy` / `legal_hold`: the job
 * stops without being lost and goes back to where it was (`accepted` or `in_progress`) when the
 * hold lifts, or ends as recalled, returned or cancelled. Completion requires work to have begun.
 */
export const JOB_STATE_MACHINE = defineStateMachine<JobStatus>('job', {
  offered: ['accepted', 'declined', 'expired', 'cancelled'],
  declined: [],
  accepted: ['in_progress', 'on_hold', 'returned', 'recalled', 'cancelled'],
  in_progress: ['completed', 'on_hold', 'returned', 'recalled', 'cancelled'],
  on_hold: ['accepted', 'in_progress', 'returned', 'recalled', 'cancelled'],
  completed: [],
  returned: [],
  recalled: [],
  expired: [],
  cancelled: [],
});

/** Statuses that hold a partner's capacity. */
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ['offered', 'accepted', 'in_progress', 'on_hold'];

/** DESIGN §6 SLA timers: an offer not accepted within 4 hours (unless the listing says otherwise) expires. */
export const DEFAULT_ACCEPT_HOURS = 4;
