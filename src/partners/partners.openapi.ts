import { arrayOf, calendarDate, dateTime, defineSchema, enumOf, freeForm, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { ORG_KINDS } from '../common/tenancy/principal';
import { BUYER_TYPES } from './domain/buyer-verification';
import { CREDENTIAL_TYPES } from './domain/credential';
import { CAPABILITIES } from './domain/eligibility';
import { PARTNER_STATUSES } from './domain/partner-status';

/** The shapes of `partners.presenter.ts` and the directory answers (DESIGN §3). */
export const CredentialSchema = defineSchema(
  'Credential',
  objectOf({
    id: uuid,
    kind: enumOf(['licence', 'insurance']),
    type: enumOf(CREDENTIAL_TYPES),
    number: text,
    issuing_region: { type: 'string', example: 'US-TX' },
    coverage: nullable(MoneySchema),
    effective_on: calendarDate,
    expires_on: calendarDate,
    status: enumOf(['active', 'suspended', 'revoked']),
    document: objectOf(
      {
        filename: text,
        content_type: enumOf(['application/pdf', 'image/jpeg', 'image/png']),
        size: integer,
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
        url: { type: 'string', description: 'the owner and the platform only' },
      },
      { optional: ['url'] },
    ),
    created_at: dateTime,
  }),
);

const profileFields = {
  org_id: uuid,
  org_name: text,
  kind: enumOf(ORG_KINDS),
  status: enumOf(PARTNER_STATUSES),
  legal_name: nullable(text),
  registration_number: nullable(text),
  contacts: arrayOf(freeForm('a contact: name, role, email, phone')),
  capabilities: arrayOf(enumOf(CAPABILITIES)),
  service_areas: arrayOf(freeForm('region, optionally narrowed by postal_prefixes or centre + radius_km')),
  capacity: objectOf({ max_concurrent_jobs: nullable(integer), active_jobs: nullable(integer) }),
  storage_yards: arrayOf(objectOf({ id: uuid, name: text, address: freeForm('the yard’s postal address'), capacity: integer, daily_rate: MoneySchema })),
  buyer_type: nullable(enumOf(BUYER_TYPES)),
  identity_verification: nullable(objectOf({ verified_by: text, verified_on: calendarDate })),
  credentials: arrayOf(CredentialSchema),
  vetting_history: arrayOf(
    objectOf({ from_status: nullable(enumOf(PARTNER_STATUSES)), to_status: enumOf(PARTNER_STATUSES), reason: nullable(text), actor: freeForm('who decided: org_id, user_id, api_key_id, or system'), at: dateTime }),
    'the partner itself and the platform only',
  ),
  submitted_at: nullable(dateTime),
  status_changed_at: dateTime,
  created_at: dateTime,
  updated_at: dateTime,
};
const profileOptional = ['vetting_history'];

const reason = objectOf({ code: { type: 'string', example: 'credential.expired' }, message: text, credential_type: text }, { optional: ['credential_type'] });
const eligibilityFields = { eligible: { type: 'boolean' }, reasons: arrayOf(reason, 'every reason the answer is no (absent when yes)') } as const;

export const PartnerProfileSchema = defineSchema(
  'PartnerProfile',
  objectOf({ ...profileFields, bidding: objectOf(eligibilityFields, { optional: ['reasons'], description: 'buyers: whether they may bid at auction' }) }, { optional: [...profileOptional, 'bidding'] }),
);

const scorecard = objectOf(
  { jobs_assigned: nullable(integer), jobs_completed: nullable(integer), recovery_rate: nullable({ type: 'number' }), sla_breach_rate: nullable({ type: 'number' }), complaint_rate: nullable({ type: 'number' }), score: nullable({ type: 'number' }) },
  { description: 'DESIGN §10 scorecard of an approved partner, all kinds and months (`GET /v1/analytics/partners/{orgId}/scorecard` has the figures with their numerators and denominators); rates null without history, `score` always null (the award score belongs to a listing)' },
);

export const PartnerSchema = defineSchema(
  'Partner',
  objectOf({ ...profileFields, covers: enumOf(['whole_region', 'part_of_region']), scorecard }, { optional: [...profileOptional, 'covers'] }),
);

export const EligibilitySchema = defineSchema('Eligibility', objectOf({ ...eligibilityFields, on: calendarDate }, { optional: ['reasons'] }));

export const CredentialRequirementSchema = defineSchema(
  'CredentialRequirement',
  objectOf({ capability: enumOf(CAPABILITIES), region: text, credential_type: enumOf(CREDENTIAL_TYPES), min_coverage: nullable(MoneySchema), updated_at: dateTime }),
);

export const CredentialRequirementListSchema = defineSchema('CredentialRequirementList', objectOf({ data: arrayOf(CredentialRequirementSchema) }));

export const ResolvedRequirementsSchema = defineSchema(
  'ResolvedRequirements',
  objectOf({
    capability: enumOf(CAPABILITIES),
    region: text,
    requirements: arrayOf(objectOf({ credential_type: enumOf(CREDENTIAL_TYPES), min_coverage: nullable(MoneySchema), from_rule_for: { type: 'string', description: 'the region whose rule set applied' } })),
  }),
);

/** POST /v1/partner-profile/credentials: the fields of `CredentialFieldsDto` as form fields, and the file. */
export const CREDENTIAL_UPLOAD_FIELDS = {
  kind: enumOf(['licence', 'insurance'], 'implied by type; refused when it contradicts it'),
  type: enumOf(CREDENTIAL_TYPES),
  number: { type: 'string', example: 'REPO-123456' },
  issuing_region: { type: 'string', example: 'US-CA' },
  coverage_amount: { type: 'string', pattern: '^\\d{1,15}$', description: 'integer minor units; required for insurance' },
  coverage_currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  effective_on: calendarDate,
  expires_on: calendarDate,
};
