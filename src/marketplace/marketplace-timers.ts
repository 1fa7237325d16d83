import { defineJob } from '../common/queue/job';

export interface AwardDeadlinePayload {
  readonly listingId: string;
}

/** DESIGN §5: a sealed or open listing is awarded automatically at its deadline, or expires. */
export const AWARD_DEADLINE_JOB = defineJob<AwardDeadlinePayload>('marketplace', 'listing.award-deadline', {
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

/**
 * Deterministic timer id, one per listing: moving the deadline replaces it. BullMQ 6 refuses
 * custom ids with a single `:`, so the separator is `-`: `award-deadline-<listingId>`.
 */
export const awardDeadlineId = (listingId: string): string => `award-deadline-${listingId}`;

/**
 * Safety net for the deadline timers (DESIGN §2: nothing is lost when Redis is down): every
 * minute, listings still open past their deadline are decided as their timer would have.
 */
export const AWARD_DEADLINE_SWEEP_JOB = defineJob<Record<string, never>>('marketplace', 'listing.award-deadline-sweep', { repeat: { everyMs: 60_000 } });
