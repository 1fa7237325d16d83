import { conflict, DomainError, FieldError, forbidden, notFound, unprocessable, validationFailed } from '../common/problem/problem';
import { ListingBlocker } from './domain/case-status';

/** The refusals of placement (cases and imports), with their stable codes. */
export const CaseErrors = {
  notFound: () => notFound('case'),
  importNotFound: () => notFound('import'),
  invalidRow: (errors: readonly FieldError[]) => validationFailed(errors, 'The case has invalid fields.'),
  externalRefTaken: (externalRef: string) =>
    conflict('case.external_ref_taken', `You already placed a case with external_ref ${externalRef}; send it to POST /v1/cases/bulk to update it, or PATCH the case.`),
  flagAlreadySet: (flag: string) => conflict('case.flag_already_set', `The case already has the flag ${flag}.`),
  flagNotSet: (flag: string) => conflict('case.flag_not_set', `The case does not have the flag ${flag}.`),
  listingBlocked: (blocked: readonly { caseId: string; blockers: readonly ListingBlocker[] }[]): DomainError =>
    unprocessable(
      'case.listing_blocked',
      blocked.length === 1
        ? `The case cannot be listed: ${blocked[0].blockers.map((b) => b.reason).join('; ')}.`
        : `${blocked.length} cases cannot be listed because of their flags.`,
      { blocked: blocked.map((b) => ({ case_id: b.caseId, flags: b.blockers.map((x) => x.flag) })) },
    ),
  statusManagedElsewhere: (status: string) =>
    unprocessable(
      'case.status_not_settable',
      `A case becomes ${status} through the marketplace or its job, not by setting it; here a lender may move a case to new, resolved or written_off.`,
    ),
  heldByMarketplace: (status: string) =>
    conflict(
      'case.held_by_marketplace',
      `The case is ${status}: its listing or job moves it. Cancel the listing (POST /v1/listings/{id}/cancel), or wait until its job ends (declined, expired, returned, recalled).`,
      { current: status },
    ),
  revealNotAllowed: () => forbidden('case.pii_reveal_forbidden', 'Your role may not read borrower data unmasked; ask an owner, manager or agent.'),
  tooManyRows: (max: number) => new DomainError('import.too_many_rows', 413, 'Payload too large', `A placement holds at most ${max.toLocaleString('en-US')} rows; split the file.`),
  fileTooLarge: (maxBytes: number) => new DomainError('import.file_too_large', 413, 'Payload too large', `A placement file is at most ${maxBytes / 1024 / 1024} MB; split the file.`),
  emptyBulk: () => validationFailed([{ field: 'body', message: 'must be a non-empty JSON array of cases, or a CSV file uploaded as multipart/form-data' }]),
  badCsvHeader: (errors: readonly FieldError[]) =>
    unprocessable('import.bad_header', 'The CSV header does not match the placement columns (see docs/placement-csv.md).', {}, errors),
  notCsv: () => new DomainError('import.unsupported_file', 415, 'Unsupported media type', 'Upload the placement as a CSV file (text/csv) in a multipart/form-data field.'),
};
