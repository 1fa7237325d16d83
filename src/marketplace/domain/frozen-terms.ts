import type { WorkKind } from '../../jobs/domain/work-kind';
import type { ProposedTerms } from './bid-bounds';
import { FEE_SCHEDULE_SCHEMA_VERSION, FeeSchedule } from './fee-schedule';
import { effectiveSchedule } from './job-terms';

export const FROZEN_TERMS_SCHEMA_VERSION = 1;

/**
 * What a job pays, fixed at award (DESIGN §5: the fee schedule "is frozen into the job at award";
 * §8: invoices and statements use "the frozen fee schedules, never estimates"). An invoice computed
 * months later reads exactly this: the published schedule version, the winning terms, and the
 * schedule they produce. `schema_version` versions this shape so old jobs keep reading correctly.
 */
export type FrozenTerms = {
  readonly schema_version: typeof FROZEN_TERMS_SCHEMA_VERSION;
  /** The fee schedule version row the listing published. */
  readonly fee_schedule_id: string;
  readonly fee_schedule_version: number;
  readonly fee_schedule: FeeSchedule;
  /** The winning bid's terms, or the listing's maximum terms for an offer made without a bid. */
  readonly bid_terms: ProposedTerms;
  /** The published schedule with the bid's terms written into it: what the fee engine prices. */
  readonly effective_schedule: FeeSchedule;
  /** When these terms took effect (the award or re-offer), ISO 8601 UTC. */
  readonly effective_at: string;
};

export interface ScheduleToFreeze {
  readonly id: string;
  readonly version: number;
  readonly schedule: FeeSchedule;
}

/** The one way terms are frozen: at award, and again at a re-offer (same schedule, the next bid's terms). */
export function freezeTerms(schedule: ScheduleToFreeze, terms: ProposedTerms, kind: WorkKind, at: Date): FrozenTerms {
  return {
    schema_version: FROZEN_TERMS_SCHEMA_VERSION,
    fee_schedule_id: schedule.id,
    fee_schedule_version: schedule.version,
    fee_schedule: schedule.schedule,
    bid_terms: terms,
    effective_schedule: effectiveSchedule(schedule.schedule, terms, kind),
    effective_at: at.toISOString(),
  };
}

/** The schedule a set of frozen terms was frozen from, to freeze it again for a re-offer. */
export function frozenSchedule(frozen: FrozenTerms): ScheduleToFreeze {
  return { id: frozen.fee_schedule_id, version: frozen.fee_schedule_version, schedule: frozen.fee_schedule };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSchedule = (v: unknown): v is FeeSchedule => isObject(v) && v.schema_version === FEE_SCHEDULE_SCHEMA_VERSION && typeof v.currency === 'string';
const isTerms = (v: unknown): v is ProposedTerms =>
  isObject(v) && isObject(v.sla) && typeof v.sla.first_action_hours === 'number' && typeof v.sla.completion_days === 'number';

export function isFrozenTerms(v: unknown): v is FrozenTerms {
  return (
    isObject(v) &&
    v.schema_version === FROZEN_TERMS_SCHEMA_VERSION &&
    typeof v.fee_schedule_id === 'string' &&
    Number.isInteger(v.fee_schedule_version) &&
    isSchedule(v.fee_schedule) &&
    isTerms(v.bid_terms) &&
    isSchedule(v.effective_schedule) &&
    typeof v.effective_at === 'string' &&
    !Number.isNaN(Date.parse(v.effective_at))
  );
}

/**
 * Reads stored frozen terms. A row that does not hold terms of a known version is a defect to
 * surface, never something to price by guessing.
 */
export function parseFrozenTerms(value: unknown): FrozenTerms {
  if (!isFrozenTerms(value)) throw new TypeError(`stored frozen terms are not of schema_version ${FROZEN_TERMS_SCHEMA_VERSION}`);
  return value;
}
