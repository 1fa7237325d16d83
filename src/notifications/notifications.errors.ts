import { conflict, DomainError, unprocessable, validationFailed } from '../common/problem/problem';
import { EndpointUrlCheck } from './domain/endpoint-url';

type UrlRefusal = Extract<EndpointUrlCheck, { ok: false }>['reason'];

const URL_MESSAGES: Record<Exclude<UrlRefusal, 'https_required' | 'blocked_address'>, string> = {
  malformed: 'url must be an absolute URL such as https://hooks.example.com/reclaim',
  unsupported_scheme: 'url must start with https://',
  credentials_in_url: 'url must not contain a user name or password; authenticate the request with its signature',
  fragment: 'url must not contain a #fragment',
};

/** The refusals of the notifications module (webhooks, inbox, e-mail). */
export const NotificationErrors = {
  urlRefused: (reason: UrlRefusal): DomainError =>
    reason === 'blocked_address'
      ? unprocessable(
          'webhook_endpoint.blocked_address',
          'Webhook endpoints must be reachable on the public internet: private, loopback, link-local, multicast and cloud-metadata addresses are refused.',
          {},
          [{ field: 'url', message: 'url must point to a public host' }],
        )
      : reason === 'https_required'
      ? unprocessable('webhook_endpoint.https_required', 'Webhook endpoints must use https://; plain http is accepted only for localhost while the service runs in development or test.', {}, [
          { field: 'url', message: 'url must start with https://' },
        ])
      : validationFailed([{ field: 'url', message: URL_MESSAGES[reason] }]),
  wildcardNotAlone: (): DomainError => validationFailed([{ field: 'event_types', message: "'*' subscribes to every event and must be the only entry" }]),
  unknownEventTypes: (types: readonly string[]): DomainError =>
    validationFailed(types.map((type) => ({ field: 'event_types', message: `'${type}' is not an event type; GET /v1/events/catalogue lists them` }))),
  endpointDisabled: (): DomainError => conflict('webhook_endpoint.disabled', 'This endpoint is disabled; enable it before replaying deliveries to it.'),
  deliveryPending: (): DomainError => conflict('webhook_delivery.pending', 'This delivery is still pending: it is being sent or its next retry is scheduled.'),
};
