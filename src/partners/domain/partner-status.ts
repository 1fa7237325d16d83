import { assertTransition, canTransition as machineAllows, defineStateMachine, StateMachine } from '../../common/state-machine/state-machine';

/**
 * Partner vetting status (DESIGN §3): applied → under_review → approved | rejected;
 * approved ⇄ suspended; revoked is final.
 *
 * Decisions where DESIGN is silent:
 * - `applied` is the application being prepared (the profile exists); the partner's
 *   `POST /partner-profile/submit` moves it to `under_review`, where an admin approves or rejects.
 * - A rejected partner may fix what was wrong and submit again (rejected → under_review), as
 *   vetting platforms let an applicant re-apply; there is no "send back" (under_review → applied):
 *   a rejection with a reason says what to fix and the re-submission restarts the review.
 * - Revoke is allowed from every non-final state, including before approval, so that fraud found
 *   during review can bar the organisation for good instead of leaving it free to re-submit.
 * - A transition to the current status is illegal: a repeated request is answered by the
 *   idempotency layer (DESIGN §2), not by a silent no-op that would log a second "change".
 */
export const PARTNER_STATUSES = ['applied', 'under_review', 'approved', 'rejected', 'suspended', 'revoked'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export const PARTNER_STATUS_MACHINE: StateMachine<PartnerStatus> = defineStateMachine<PartnerStatus>('partner', {
  applied: ['under_review', 'revoked'],
  under_review: ['approved', 'rejected', 'revoked'],
  approved: ['suspended', 'revoked'],
  rejected: ['under_review', 'revoked'],
  suspended: ['approved', 'revoked'],
  revoked: [],
});

export function allowedTransitions(current: PartnerStatus): readonly PartnerStatus[] {
  return PARTNER_STATUS_MACHINE.transitions[current];
}

export function canTransition(current: PartnerStatus, requested: PartnerStatus): boolean {
  return machineAllows(PARTNER_STATUS_MACHINE, current, requested);
}

/** Returns the new status or throws `partner.illegal_transition` (409 with `current`, `requested`, `allowed`). */
export function transitionPartner(current: PartnerStatus, requested: PartnerStatus): PartnerStatus {
  assertTransition(PARTNER_STATUS_MACHINE, current, requested);
  return requested;
}
