import { arrayOf, boolean, dateTime, defineSchema, enumOf, integer, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from './domain/complaint-status';

export const ComplaintSchema = defineSchema(
  'Complaint',
  objectOf({
    id: uuid,
    partner_org_id: uuid,
    job_id: nullable(uuid),
    lender_org_id: nullable(uuid),
    filed_by_org_id: uuid,
    on_behalf_of_borrower: boolean,
    category: enumOf(COMPLAINT_CATEGORIES),
    description: text,
    status: enumOf(COMPLAINT_STATUSES),
    resolution_reason: nullable(text),
    history: arrayOf(
      objectOf({
        from_status: nullable(enumOf(COMPLAINT_STATUSES)),
        to_status: enumOf(COMPLAINT_STATUSES),
        reason: text,
        actor: objectOf({ org_id: nullable(uuid), user_id: nullable(uuid), api_key_id: nullable(uuid) }),
        at: dateTime,
      }),
    ),
    created_at: dateTime,
    updated_at: dateTime,
    resolved_at: nullable(dateTime),
  }),
);

export const SuspensionReviewSchema = defineSchema(
  'SuspensionReview',
  objectOf({
    id: uuid,
    partner_org_id: uuid,
    status: enumOf(['open', 'closed']),
    upheld_count: integer,
    window_days: integer,
    complaint_ids: arrayOf(uuid),
    opened_at: dateTime,
    closed_at: nullable(dateTime),
    outcome: nullable(enumOf(['suspended', 'cleared'])),
    close_reason: nullable(text),
  }),
);
