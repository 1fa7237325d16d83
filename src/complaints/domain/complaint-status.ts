import { assertTransition, defineStateMachine, StateMachine } from '../../common/state-machine/state-machine';

/** DESIGN §6: a complaint is `open` → `investigating` → `upheld` | `dismissed`; an open one may be dismissed outright. */
export const COMPLAINT_STATUSES = ['open', 'investigating', 'upheld', 'dismissed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

const TRANSITIONS: { readonly [S in ComplaintStatus]: readonly ComplaintStatus[] } = {
  open: ['investigating', 'dismissed'],
  // Upholding needs an investigation first: a partner's score falls only on a finding.
  investigating: ['upheld', 'dismissed'],
  upheld: [],
  dismissed: [],
};

export const COMPLAINT_MACHINE: StateMachine<ComplaintStatus> = defineStateMachine<ComplaintStatus>('complaint', TRANSITIONS);

/** Throws a 409 `complaint.illegal_transition` naming current, requested and allowed. */
export function assertComplaintTransition(from: ComplaintStatus, to: ComplaintStatus): void {
  assertTransition(COMPLAINT_MACHINE, from, to);
}

export const COMPLAINT_CATEGORIES = ['harassment', 'contact_rules', 'privacy', 'misrepresentation', 'wrongful_repossession', 'property_damage', 'fees', 'service', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export interface ReviewPolicy {
  readonly upheldThreshold: number;
  readonly windowDays: number;
}

/**
 * Whether a partner's upheld complaints open a suspension review (DESIGN §6): `upheldAt` are the
 * moments its complaints were upheld; the review opens when the threshold is reached within the
 * window ending `now`.
 */
export function reviewDue(upheldAt: readonly Date[], now: Date, policy: ReviewPolicy): { due: boolean; count: number } {
  const from = now.getTime() - policy.windowDays * 86_400_000;
  const count = upheldAt.filter((at) => at.getTime() > from && at.getTime() <= now.getTime()).length;
  return { due: count >= policy.upheldThreshold, count };
}
