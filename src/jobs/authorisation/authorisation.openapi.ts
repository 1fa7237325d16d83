import { boolean, dateTime, defineSchema, enumOf, nullable, objectOf, text, uuid } from '../../common/openapi/schema';
import { WORK_KINDS } from '../domain/work-kind';
import { INVALID_REASONS, LETTER_LANGUAGES } from './domain/authorisation';

export const AuthorisationSchema = defineSchema(
  'Authorisation',
  objectOf({
    id: uuid,
    job_id: uuid,
    language: enumOf(LETTER_LANGUAGES),
    verification_code: { ...text, example: '7K3M-2QXD-9HFA-R1TB', description: 'printed on the letter; checked at verify_url' },
    verify_url: text,
    letter_path: { ...text, description: 'the printable letter (text/html)' },
    issued_at: dateTime,
    valid_until: { ...dateTime, description: 'at the latest; the letter is void as soon as the job is held, recalled or ended' },
  }),
);

export const VerificationSchema = defineSchema(
  'AuthorisationCheck',
  objectOf({
    valid: boolean,
    reason: nullable(enumOf(INVALID_REASONS, 'why the letter does not authorise its bearer now')),
    checked_at: dateTime,
    partner_name: { ...text, description: 'who the letter authorises' },
    lender_name: { ...text, description: 'on whose behalf' },
    work: enumOf(WORK_KINDS),
    valid_until: dateTime,
  }),
);
