import { InboxNotification } from './inbox-notification.entity';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** An endpoint as the API shows it: never a secret (those are in the create and rotate answers only). */
export const presentEndpoint = (e: WebhookEndpoint, now: Date) => ({
  id: e.id,
  url: e.url,
  event_types: e.eventTypes,
  enabled: e.enabled,
  disabled_reason: e.disabledReason,
  disabled_at: iso(e.disabledAt),
  failing_since: iso(e.failingSince),
  previous_secret_expires_at: e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? e.previousSecretExpiresAt.toISOString() : null,
  created_at: e.createdAt.toISOString(),
  updated_at: e.updatedAt.toISOString(),
});

export const presentAttempt = (a: WebhookDeliveryAttempt) => ({
  number: a.attemptNumber,
  attempted_at: a.attemptedAt.toISOString(),
  status_code: a.statusCode,
  latency_ms: a.latencyMs,
  error: a.error,
  next_attempt_at: iso(a.nextAttemptAt),
});

export const presentDelivery = (d: WebhookDelivery, attempts: readonly WebhookDeliveryAttempt[]) => ({
  id: d.id,
  endpoint_id: d.endpointId,
  event_id: d.eventId,
  event_type: d.eventType,
  status: d.status,
  attempt_count: d.attemptCount,
  next_attempt_at: iso(d.nextAttemptAt),
  last_status_code: d.lastStatusCode,
  last_error: d.lastError,
  succeeded_at: iso(d.succeededAt),
  dead_lettered_at: iso(d.deadLetteredAt),
  created_at: d.createdAt.toISOString(),
  attempts: attempts.map(presentAttempt),
});

export const presentNotification = (n: InboxNotification) => ({
  id: n.id,
  event_id: n.eventId,
  type: n.eventType,
  title: n.title,
  body: n.body,
  data: n.data,
  read_at: iso(n.readAt),
  created_at: n.createdAt.toISOString(),
});
