import { defineEvent, P } from '../common/outbox/event-definition';

export const WebhookEndpointDisabled = defineEvent('webhook_endpoint.disabled', {
  aggregate: 'webhook_endpoint',
  description: 'Deliveries to an endpoint failed continuously for 3 days, so it was disabled; its pending deliveries are dead-lettered.',
  payload: { endpoint_id: P.id(), endpoint_url: P.text(), failing_since: P.timestamp(), reason: P.oneOf(['failing_for_3_days']) },
});

export const NOTIFICATION_EVENTS = [WebhookEndpointDisabled] as const;
