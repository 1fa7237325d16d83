import { conflict, DomainError, notFound, unprocessable, validationFailed } from '../../common/problem/problem';
import type { JobStatus } from '../domain/job-status';
import { PHOTO_TYPES } from './domain/evidence';

/** The refusals of field evidence and the personal-property inventory (issue 12). */
export const EvidenceErrors = {
  notFound: () => notFound('evidence'),
  personalEffectNotFound: () => notFound('personal_effect'),
  notMultipart: () => new DomainError('request.unsupported_media_type', 415, 'Unsupported media type', 'Send the photo as multipart/form-data with a file named file.'),
  fileMissing: () => validationFailed([{ field: 'file', message: 'a photo (JPEG, PNG or HEIC) is required' }]),
  tooLarge: (limitBytes: number) =>
    new DomainError('evidence.too_large', 413, 'Payload too large', `The photo is larger than ${limitBytes} bytes.`, { limit_bytes: limitBytes }, [{ field: 'file', message: `must be at most ${limitBytes / (1024 * 1024)} MB` }]),
  unsupportedType: (declared: string) =>
    new DomainError('evidence.unsupported_type', 415, 'Unsupported media type', `A photo must be JPEG, PNG or HEIC by its content; this one (declared ${declared}) is none of those.`, { accepted: [...PHOTO_TYPES], declared_type: declared }, [
      { field: 'file', message: 'must be a JPEG, PNG or HEIC image' },
    ]),
  jobNotActive: (status: JobStatus) => conflict('evidence.job_not_active', `Photos are uploaded while the job is at work or on hold; it is ${status}.`, { current: status }),
  unknown: (ids: readonly string[]) => unprocessable('evidence.unknown', 'Some photo ids are not photos uploaded to this job.', { document_ids: [...ids] }),
  alreadyAttached: (ids: readonly string[]) => conflict('evidence.already_attached', 'Some photos are already attached to another progress event.', { document_ids: [...ids] }),
  feeRefused: (reason: string) => unprocessable('personal_effects.fee_refused', `A release fee is refused: ${reason}.`, {}, [{ field: 'fee', message: 'must be absent or zero' }]),
  alreadyReleased: (at: Date) => conflict('personal_effects.already_released', `The item was released at ${at.toISOString()}.`, { released_at: at.toISOString() }),
};
