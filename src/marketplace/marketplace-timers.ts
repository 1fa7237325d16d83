import { defineDeadline } from '../common/queue/deadline';

export interface AwardDeadlinePayload {
  readonly listingId: string;
}

/**
 * DESIGN §5: a sealed or open listing is awarded automatically at its deadline, or expires. One
 * timer per listing (`award-deadline-<listingId>`), so moving the deadline replaces it; the minute
 * sweep decides listings whose timer was lost while Redis was down (DESIGN §2).
 */
export const AWARD_DEADLINE = defineDeadline<AwardDeadlinePayload>({
  queue: 'marketplace',
  name: 'listing.award-deadline',
  idOf: (p) => `award-deadline-${p.listingId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});
