import { conflict, DomainError, notFound, unprocessable, validationFailed } from '../common/problem/problem';
import type { VettingReason } from './domain/vetting-reason';
import type { PartnerStatus } from './domain/partner-status';

/** Every refusal of the partners module, with its stable code (DESIGN §2). */
export const PartnerErrors = {
  profileNotFound: () => notFound('partner_profile', 'Your organisation has no partner profile yet; create it with PUT /v1/partner-profile.'),
  partnerNotFound: () => notFound('partner'),
  credentialNotFound: () => notFound('credential'),
  revoked: () => conflict('partner.revoked', 'This partner is revoked; its profile and credentials can no longer change.', { current: 'revoked' }),
  /** approve and reinstate both lead to `approved`, but from one state each: a review is not a reinstatement. */
  wrongAction: (action: string, current: PartnerStatus, requested: PartnerStatus, expected: PartnerStatus) =>
    conflict('partner.illegal_transition', `A partner that is ${current} cannot be ${action}d; only a ${expected} partner can.`, {
      current,
      requested,
      action,
      allowed_from: [expected],
    }),
  credentialsLapsed: (reasons: readonly VettingReason[]) =>
    unprocessable('partner.credentials_lapsed', 'A required credential is still expired; upload a valid one before reinstating.', { reasons: [...reasons] }),
  notABuyer: () => unprocessable('partner.not_a_buyer', 'Identity verification is recorded for buyer organisations only.'),
  documentMissing: () => validationFailed([{ field: 'document', message: 'a document file (PDF, JPEG or PNG) is required' }]),
  notMultipart: () =>
    new DomainError('request.unsupported_media_type', 415, 'Unsupported media type', 'Send the credential as multipart/form-data with a document file.'),
  documentTypeUnsupported: (declared: string, detected: string | null) =>
    new DomainError(
      'credential.document_type_unsupported',
      415,
      'Unsupported media type',
      `The document must be a PDF, JPEG or PNG; it was declared ${declared} and its content is ${detected ?? 'none of those'}.`,
      { declared_type: declared, detected_type: detected },
      [{ field: 'document', message: 'must be a PDF, JPEG or PNG file whose content matches its declared type' }],
    ),
  documentTooLarge: (limitBytes: number) =>
    new DomainError('credential.document_too_large', 413, 'Payload too large', `The document is larger than ${limitBytes} bytes.`, { limit_bytes: limitBytes }, [
      { field: 'document', message: `must be at most ${limitBytes / (1024 * 1024)} MB` },
    ]),
};
