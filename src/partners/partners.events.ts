import { defineEvent, P, PayloadOf } from '../common/outbox/event-definition';
import { CREDENTIAL_TYPES } from './domain/credential';
import { PARTNER_STATUSES } from './domain/partner-status';

export const PartnerApplied = defineEvent('partner.applied', {
  aggregate: 'partner',
  description: 'An agency, tow operator or buyer created its partner profile.',
  payload: { org_id: P.id(), partner_name: P.text(), kind: P.oneOf(['agency', 'tow_operator', 'buyer']) },
});

const statusChange = {
  org_id: P.id(),
  partner_name: P.text(),
  from: P.oneOf(PARTNER_STATUSES),
  to: P.oneOf(PARTNER_STATUSES),
  reason: P.text(),
  actor_user_id: P.nullable(P.id()),
  automatic: P.bool('true when the system acted (a lapsed credential), not a person'),
};

const lapsed = P.array(P.object({ credential_id: P.id(), credential_type: P.oneOf(CREDENTIAL_TYPES), expires_on: P.day() }));

export const PartnerSubmitted = defineEvent('partner.submitted', { aggregate: 'partner', description: 'A partner submitted its profile for vetting.', payload: statusChange });
export const PartnerApproved = defineEvent('partner.approved', { aggregate: 'partner', description: 'Platform staff approved a partner.', payload: statusChange });
export const PartnerRejected = defineEvent('partner.rejected', { aggregate: 'partner', description: 'Platform staff rejected a partner.', payload: statusChange });
export const PartnerSuspended = defineEvent('partner.suspended', {
  aggregate: 'partner',
  description: 'A partner was suspended, by staff or because a required credential lapsed (`lapsed`).',
  payload: { ...statusChange, lapsed: P.optional(lapsed) },
});
export const PartnerReinstated = defineEvent('partner.reinstated', { aggregate: 'partner', description: 'A suspended partner was reinstated.', payload: statusChange });
export const PartnerRevoked = defineEvent('partner.revoked', { aggregate: 'partner', description: 'A partner’s approval was revoked for good.', payload: statusChange });

export const BuyerIdentityVerified = defineEvent('buyer.identity_verified', {
  aggregate: 'partner',
  description: 'Platform staff verified a buyer’s identity.',
  payload: { org_id: P.id(), verified_on: P.day(), verified_by: P.nullable(P.id()), reason: P.text() },
});

export const CredentialUploaded = defineEvent('credential.uploaded', {
  aggregate: 'partner',
  description: 'A partner uploaded a licence or insurance certificate.',
  payload: { org_id: P.id(), credential_id: P.id(), credential_type: P.oneOf(CREDENTIAL_TYPES), expires_on: P.day() },
});

export const CredentialExpiring = defineEvent('credential.expiring', {
  aggregate: 'partner',
  description: 'A partner’s credential expires in 30, 7 or 1 days (one event per threshold).',
  payload: {
    org_id: P.id(),
    partner_name: P.text(),
    credential_id: P.id(),
    credential_type: P.oneOf(CREDENTIAL_TYPES),
    expires_on: P.day(),
    days_left: P.int(),
    threshold_days: P.int(),
  },
});

export const CredentialRequirementsUpdated = defineEvent('credential_requirements.updated', {
  aggregate: 'credential_requirements',
  description: 'Platform staff replaced the credential requirement table.',
  payload: { count: P.int() },
});

export const PARTNER_STATUS_EVENTS = [PartnerSubmitted, PartnerApproved, PartnerRejected, PartnerSuspended, PartnerReinstated, PartnerRevoked] as const;

export const PARTNER_EVENTS = [PartnerApplied, ...PARTNER_STATUS_EVENTS, BuyerIdentityVerified, CredentialUploaded, CredentialExpiring, CredentialRequirementsUpdated] as const;

export type PartnerStatusEventType = (typeof PARTNER_STATUS_EVENTS)[number]['type'];
export type PartnerSuspendedPayload = PayloadOf<typeof PartnerSuspended>;
export type CredentialExpiringPayload = PayloadOf<typeof CredentialExpiring>;
