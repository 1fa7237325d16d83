import { assertTransition, canTransition, defineStateMachine, StateMachine } from '../../common/state-machine/state-machine';

/**
 * Case lifecycle and flags (DESIGN §4, §6). The spine is new → listed → assigned → in_progress →
 * resolved | payment_plan | recalled | returned | written_off; the other edges are what a lender
 * needs to run a portfolio:
 *
 * - listed → new: the lender withdraws the listing before award.
 * - assigned → recalled | returned: the lender pulls the case, or the partner declines or lets the
 *   offer expire, before work starts (§6 job `recalled`, `returned`, `expired`).
 * - payment_plan → in_progress (plan broken, collection resumes) | resolved (plan completed), and
 *   recalled / returned / written_off like in_progress.
 * - recalled | returned → listed (re-listing, §6 automatic recall and re-listing) | new (back to the
 *   lender's own book) | written_off.
 * - any open status → resolved: a borrower may pay the lender directly at any time, and a payment
 *   inside the 30-day tail after a recall still settles the case (§8).
 * - written_off → new: write-offs are reversed when the borrower resurfaces or the deficiency after a
 *   sale is placed again (§8); the same `external_ref` must be able to come back.
 * - resolved is final: a reversed payment is a ledger correction (§8), not a reopened case.
 * - listed cannot be written off directly: the lender withdraws the listing first (listed → new),
 *   so no partner keeps bidding on a balance the lender has stopped pursuing.
 */
export const CASE_STATUSES = [
  'new',
  'listed',
  'assigned',
  'in_progress',
  'payment_plan',
  'resolved',
  'recalled',
  'returned',
  'written_off',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

const TRANSITIONS: { readonly [S in CaseStatus]: readonly CaseStatus[] } = {
  new: ['listed', 'resolved', 'written_off'],
  listed: ['new', 'assigned', 'resolved'],
  assigned: ['in_progress', 'recalled', 'returned', 'resolved'],
  in_progress: ['resolved', 'payment_plan', 'recalled', 'returned', 'written_off'],
  payment_plan: ['in_progress', 'resolved', 'recalled', 'returned', 'written_off'],
  recalled: ['listed', 'new', 'resolved', 'written_off'],
  returned: ['listed', 'new', 'resolved', 'written_off'],
  resolved: [],
  written_off: ['new'],
};

/** The case machine; an illegal move is a 409 `case.illegal_transition` naming current, requested and allowed. */
export const CASE_STATUS_MACHINE: StateMachine<CaseStatus> = defineStateMachine<CaseStatus>('case', TRANSITIONS);

export function allowedCaseTransitions(from: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[from];
}

/** Staying in the same status is not a transition; replaying a request is the service's concern. */
export function canTransitionCase(from: CaseStatus, to: CaseStatus): boolean {
  return canTransition(CASE_STATUS_MACHINE, from, to);
}

/** Throws `IllegalTransitionError` (409) when the table does not allow the move. */
export function assertCaseTransition(from: CaseStatus, to: CaseStatus): void {
  assertTransition(CASE_STATUS_MACHINE, from, to);
}

/** Statuses a lender sets by hand (`POST /v1/cases/{id}/status`); the others follow listings, awards and jobs. */
export const LENDER_SETTABLE_STATUSES: readonly CaseStatus[] = ['new', 'resolved', 'written_off'];

/**
 * While a case is listed or assigned its listing or job owns its status: a hand move would leave
 * the award, expiry and cancel paths failing on a case that moved under them (issue 9 §6). The
 * lender cancels the listing or recalls the job instead.
 */
export const MARKETPLACE_HELD_STATUSES: readonly CaseStatus[] = ['listed', 'assigned'];

/** Why a lender may not move a case from `from` to `to` by hand, or null when it may (the machine still decides). */
export function manualMoveRefusal(from: CaseStatus, to: CaseStatus): 'not_settable' | 'held_by_marketplace' | null {
  if (!LENDER_SETTABLE_STATUSES.includes(to)) return 'not_settable';
  if (MARKETPLACE_HELD_STATUSES.includes(from)) return 'held_by_marketplace';
  return null;
}

export const CASE_FLAGS = ['disputed', 'cease_contact', 'bankruptcy', 'deceased', 'legal_hold', 'attorney_represented'] as const;

export type CaseFlag = (typeof CASE_FLAGS)[number];

export function isCaseFlag(value: unknown): value is CaseFlag {
  return typeof value === 'string' && (CASE_FLAGS as readonly string[]).includes(value);
}

/**
 * DESIGN §4, §6: `bankruptcy` and `legal_hold` stop all collection activity, so open jobs on the
 * case are put on hold or cancelled in the same transaction that sets the flag.
 */
export const HOLD_FLAGS: readonly CaseFlag[] = ['bankruptcy', 'legal_hold'];

export function isOnHold(flags: readonly CaseFlag[]): boolean {
  return flags.some((flag) => HOLD_FLAGS.includes(flag));
}

export interface ListingBlocker {
  readonly flag: CaseFlag;
  readonly reason: string;
}

const LISTING_BLOCKERS: { readonly [F in CaseFlag]: string | null } = {
  bankruptcy: 'the borrower is in bankruptcy: the automatic stay forbids collection (11 U.S.C. §362; DESIGN §4)',
  legal_hold: 'the case is under legal hold: all collection activity is stopped (DESIGN §4)',
  // An unverified dispute forbids collection until it is verified (FDCPA §1692g(b); DESIGN §6);
  // the lender clears the flag once verification is sent.
  disputed: 'the debt is disputed and not yet verified: collection must wait for verification (FDCPA §1692g(b))',
  // Claims against an estate go through the lender's probate process, not ordinary collection work.
  deceased: "the borrower is deceased: the balance is a claim against the estate, handled by the lender's probate process",
  // A cease request stops communication, not recovery: repossession and legal work may still be
  // placed, and contact attempts are refused per attempt by the compliance rules (FDCPA §1692c(c)).
  cease_contact: null,
  // Representation stops direct contact with the borrower (FDCPA §1692c(a)(2)), not the placement:
  // the compliance rules refuse each contact attempt while the flag is set.
  attorney_represented: null,
};

/** Why a case with these flags may not be listed; empty when it may. */
export function listingBlockers(flags: readonly CaseFlag[]): readonly ListingBlocker[] {
  return CASE_FLAGS.flatMap((flag) => {
    const reason = LISTING_BLOCKERS[flag];
    return flags.includes(flag) && reason !== null ? [{ flag, reason }] : [];
  });
}
