import { arrayOf, boolean, dateTime, defineSchema, enumOf, freeForm, integer, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { DELIVERY_STATUSES } from './webhook-delivery.entity';

/** The shapes of `notifications.presenter.ts` (DESIGN §9). */
const endpointFields = {
  id: uuid,
  url: { type: 'string', format: 'uri', example: 'https://lender.example/hooks/reclaim' },
  event_types: arrayOf({ type: 'string', example: 'job.accepted' }),
  enabled: boolean,
  disabled_reason: nullable(text),
  disabled_at: nullable(dateTime),
  failing_since: nullable(dateTime),
  previous_secret_expires_at: nullable(dateTime),
  created_at: dateTime,
  updated_at: dateTime,
};

export const WebhookEndpointSchema = defineSchema('WebhookEndpoint', objectOf(endpointFields));

export const WebhookEndpointWithSecretSchema = defineSchema(
  'WebhookEndpointWithSecret',
  objectOf({ ...endpointFields, secret: { type: 'string', description: 'signing secret, shown only in this answer (docs/webhooks.md)' } }),
);

export const WebhookDeliverySchema = defineSchema(
  'WebhookDelivery',
  objectOf({
    id: uuid,
    endpoint_id: uuid,
    event_id: uuid,
    event_type: text,
    status: enumOf(DELIVERY_STATUSES),
    attempt_count: integer,
    next_attempt_at: nullable(dateTime),
    last_status_code: nullable(integer),
    last_error: nullable(text),
    succeeded_at: nullable(dateTime),
    dead_lettered_at: nullable(dateTime),
    created_at: dateTime,
    attempts: arrayOf(
      objectOf({ number: integer, attempted_at: dateTime, status_code: nullable(integer), latency_ms: nullable(integer), error: nullable(text), next_attempt_at: nullable(dateTime) }),
    ),
  }),
);

export const NotificationSchema = defineSchema(
  'Notification',
  objectOf({
    id: uuid,
    event_id: uuid,
    type: { type: 'string', example: 'job.offered' },
    title: text,
    body: text,
    data: freeForm('the event’s payload, for links'),
    read_at: nullable(dateTime),
    created_at: dateTime,
  }),
);

export const MarkedReadSchema = defineSchema('MarkedRead', objectOf({ updated: integer }));

export const QueueDashboardTicketSchema = defineSchema(
  'QueueDashboardTicket',
  objectOf({
    ticket: { type: 'string', description: 'one-time, 256-bit; post it as the form field `ticket` to `redeem_path` within a minute' },
    expires_at: dateTime,
    redeem_path: { type: 'string', example: '/admin/queues/session', description: 'answers a session cookie for /admin/queues and redirects there (303); 401 for an unknown, spent or expired ticket' },
  }),
);
