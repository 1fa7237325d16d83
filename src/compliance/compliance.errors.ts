import { DomainError, notFound, unprocessable } from '../common/problem/problem';
import type { Violation } from './domain/contact-evaluator';

/** The refusals of compliance (issue 13), with their stable codes. */
export const ComplianceErrors = {
  caseNotFound: () => notFound('case'),
  /** 422 naming every broken rule: `errors[]` one per rule (code, citation and numbers in the message), `violations` in full. */
  contactRefused: (violations: readonly Violation[], nextAllowedAt: Date | null): DomainError =>
    unprocessable(
      'compliance.contact_refused',
      `The contact attempt breaks ${violations.length === 1 ? 'a compliance rule' : `${violations.length} compliance rules`}: ${violations.map((v) => v.code).join(', ')}.`,
      { violations: violations.map(presentViolation), next_allowed_at: nextAllowedAt?.toISOString() ?? null },
      violations.map((v) => ({ field: 'contact_attempt', code: v.code, message: `${v.citation}: ${v.message}` })),
    ),
  severalBorrowers: () => unprocessable('compliance.several_borrowers', 'A contact attempt concerns one borrower; these cases belong to different borrowers.'),
};

export function presentViolation(v: Violation) {
  return { code: v.code, kind: v.kind, citation: v.citation, message: v.message, numbers: { ...v.numbers }, clears_at: v.clearsAt?.toISOString() ?? null };
}
