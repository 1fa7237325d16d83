import type { WorkKind } from './work-kind';

/** The SLA clocks of a running job (DESIGN §6). */
export const SLA_CLOCKS = ['first_action', 'silence', 'completion'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** DESIGN §6: first action within 24 h of accept; no more than 72 h without progress. */
export const DEFAULT_FIRST_ACTION_HOURS = 24;
export const SILENCE_HOURS = 72;

/**
 * DESIGN §6: completion in 30 days for collection, 14 for repossession. Skip tracing is desk work
 * like collection; a transport is a field move like a repossession.
 */
export const DEFAULT_COMPLETION_DAYS: { readonly [K in WorkKind]: number } = { collection: 30, skip_trace: 30, repossession: 14, transport: 14 };

/** The bid's commitments (`FrozenTerms.bid_terms.sla`), when the job came from a bid. */
export interface SlaCommitment {
  readonly first_action_hours: number;
  readonly completion_days: number;
}

export interface SlaDue {
  readonly firstActionDueAt: Date | null;
  readonly silenceDueAt: Date | null;
  readonly completionDueAt: Date | null;
}

/** At accept: every clock starts; a bid's commitments replace the defaults (DESIGN §5: bidders compete on SLA). */
export function slaAtAccept(kind: WorkKind, commitment: SlaCommitment | null, acceptedAt: Date): SlaDue {
  const t = acceptedAt.getTime();
  return {
    firstActionDueAt: new Date(t + (commitment?.first_action_hours ?? DEFAULT_FIRST_ACTION_HOURS) * HOUR),
    silenceDueAt: new Date(t + SILENCE_HOURS * HOUR),
    completionDueAt: new Date(t + (commitment?.completion_days ?? DEFAULT_COMPLETION_DAYS[kind]) * DAY),
  };
}

/** Progress (or the start) is the first action and restarts the silence clock. */
export function slaAfterProgress(current: SlaDue, at: Date): SlaDue {
  return { firstActionDueAt: null, silenceDueAt: new Date(at.getTime() + SILENCE_HOURS * HOUR), completionDueAt: current.completionDueAt };
}

/**
 * A hold stops the partner's clocks: nothing may be done while on hold, so nothing can be late.
 * At resume the first action (if none yet) and the silence clock start again, and completion moves
 * by the time the job was held.
 */
export function slaAfterResume(current: SlaDue, started: boolean, heldAt: Date, resumedAt: Date): SlaDue {
  const t = resumedAt.getTime();
  const held = Math.max(0, t - heldAt.getTime());
  return {
    firstActionDueAt: started ? null : new Date(t + DEFAULT_FIRST_ACTION_HOURS * HOUR),
    silenceDueAt: new Date(t + SILENCE_HOURS * HOUR),
    completionDueAt: current.completionDueAt ? new Date(current.completionDueAt.getTime() + held) : null,
  };
}

export const NO_SLA: SlaDue = { firstActionDueAt: null, silenceDueAt: null, completionDueAt: null };

export function dueOf(due: SlaDue, clock: SlaClock): Date | null {
  return clock === 'first_action' ? due.firstActionDueAt : clock === 'silence' ? due.silenceDueAt : due.completionDueAt;
}

/** The clock's due time once it has breached: that clock stops (silence starts again with the next progress). */
export function withoutClock(due: SlaDue, clock: SlaClock): SlaDue {
  return { ...due, ...(clock === 'first_action' ? { firstActionDueAt: null } : clock === 'silence' ? { silenceDueAt: null } : { completionDueAt: null }) };
}

/** Whether a clock was met by an event at `at`: null when that clock was not running. */
export function slaMet(due: Date | null, at: Date): boolean | null {
  return due === null ? null : at.getTime() <= due.getTime();
}
