import { arrayOf, dateTime, defineSchema, enumOf, integer, nullable, objectOf, text, uuid } from '../../common/openapi/schema';
import { EVIDENCE_KINDS, PHOTO_TYPES } from './domain/evidence';
import { RELEASE_RECIPIENTS } from './evidence.entity';

export const EVIDENCE_UPLOAD_FIELDS = { kind: enumOf(EVIDENCE_KINDS) };

export const EvidenceSchema = defineSchema(
  'Evidence',
  objectOf({
    id: uuid,
    job_id: uuid,
    kind: enumOf(EVIDENCE_KINDS),
    content_type: enumOf(PHOTO_TYPES, 'by the file’s magic bytes'),
    size_bytes: integer,
    sha256: text,
    filename: text,
    uploaded_at: dateTime,
    event_id: nullable({ ...uuid, description: 'the progress event that names it; null until one does' }),
    download_path: text,
  }),
);

export const EvidenceListSchema = defineSchema('EvidenceList', objectOf({ data: arrayOf(EvidenceSchema) }));

export const PersonalEffectSchema = defineSchema(
  'PersonalEffect',
  objectOf({
    id: uuid,
    job_id: uuid,
    event_id: uuid,
    position: integer,
    description: text,
    photo_ids: arrayOf(uuid),
    released_at: nullable(dateTime),
    released_to: nullable(enumOf(RELEASE_RECIPIENTS)),
    recipient_name: nullable({ ...text, description: 'who took the items, masked (DESIGN §2)' }),
  }),
);

export const PersonalEffectListSchema = defineSchema('PersonalEffectList', objectOf({ data: arrayOf(PersonalEffectSchema) }));
