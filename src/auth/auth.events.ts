import { defineEvent, P } from '../common/outbox/event-definition';
import { ORG_KINDS } from '../common/tenancy/principal';

export const OrgRegistered = defineEvent('org.registered', {
  aggregate: 'org',
  description: 'An organisation registered.',
  payload: { org_id: P.id(), name: P.text(), kind: P.oneOf(ORG_KINDS), region: P.text() },
});

export const AUTH_EVENTS = [OrgRegistered] as const;
