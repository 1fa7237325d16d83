/** What stops work on a case (DESIGN §6): a hold flag set, or the case resolved or written off by its lender. */
export type CaseHoldCause = { readonly kind: 'flag'; readonly flag: 'bankruptcy' | 'legal_hold' } | { readonly kind: 'case_closed'; readonly status: 'resolved' | 'written_off' };

export interface CaseHold {
  readonly caseId: string;
  readonly lenderOrgId: string;
  readonly cause: CaseHoldCause;
  readonly reason: string;
}
