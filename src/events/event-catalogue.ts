import { Static } from '@sinclair/typebox';
import { AUTH_EVENTS } from '../auth/auth.events';
import { CASE_EVENTS } from '../cases/cases.events';
import { COMPLIANCE_EVENTS } from '../compliance/compliance.events';
import { COMPLAINT_EVENTS } from '../complaints/complaints.events';
import { EventDefinition } from '../common/outbox/event-definition';
import { JOB_EVENTS } from '../jobs/jobs.events';
import { DUTY_EVENTS } from '../jobs/duties/duties.events';
import { MARKETPLACE_EVENTS } from '../marketplace/marketplace.events';
import { NOTIFICATION_EVENTS } from '../notifications/notifications.events';
import { PARTNER_EVENTS } from '../partners/partners.events';
import { PAYMENT_EVENTS } from '../payments/payments.events';
import { VEHICLE_EVENTS } from '../vehicles/vehicles.events';
import { STRIPE_EVENTS } from '../payments/stripe/stripe.events';
import { AUCTION_EVENTS } from '../auctions/auctions.events';
import { SETTLEMENT_EVENTS } from '../settlement/settlement.events';

/**
 * Every domain event type there is (DESIGN §9), each declared in its module's `*.events.ts`.
 * `OutboxService.record`, `@SubscribesTo`, the inbox routing table and the e-mail templates are
 * typed against it, so an unknown type or a payload missing a field fails `npm run typecheck`.
 */
export const EVENT_DEFINITIONS = [
  ...AUTH_EVENTS,
  ...CASE_EVENTS,
  ...VEHICLE_EVENTS,
  ...PARTNER_EVENTS,
  ...MARKETPLACE_EVENTS,
  ...JOB_EVENTS,
  ...DUTY_EVENTS,
  ...NOTIFICATION_EVENTS,
  ...PAYMENT_EVENTS,
  ...COMPLIANCE_EVENTS,
  ...COMPLAINT_EVENTS,
  ...STRIPE_EVENTS,
  ...AUCTION_EVENTS,
  ...SETTLEMENT_EVENTS,
] as const;

type AnyDefinition = (typeof EVENT_DEFINITIONS)[number];
export type EventType = AnyDefinition['type'];
export type EventPayload<T extends EventType> = Static<Extract<AnyDefinition, { type: T }>['payload']>;

const BY_TYPE: ReadonlyMap<string, EventDefinition> = new Map(EVENT_DEFINITIONS.map((d) => [d.type, d]));

export function isEventType(type: string): type is EventType {
  return BY_TYPE.has(type);
}

export function eventDefinition(type: string): EventDefinition | undefined {
  return BY_TYPE.get(type);
}

export interface CatalogueEntry {
  readonly type: string;
  readonly aggregate_type: string;
  readonly description: string;
  readonly payload_schema: unknown;
}

/** The catalogue as `GET /v1/events/catalogue` answers it: plain JSON Schema, sorted by type. */
export function catalogueView(): CatalogueEntry[] {
  return [...EVENT_DEFINITIONS]
    .sort((a, b) => (a.type < b.type ? -1 : 1))
    .map((d) => ({ type: d.type, aggregate_type: d.aggregateType, description: d.description, payload_schema: plainSchema(d.payload) }));
}

/** The schema as plain JSON (TypeBox keeps its own markers under symbol keys, which JSON leaves out). */
function plainSchema(schema: object): unknown {
  const plain: unknown = JSON.parse(JSON.stringify(schema));
  return plain;
}
