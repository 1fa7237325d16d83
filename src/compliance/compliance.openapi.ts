import { arrayOf, boolean, dateTime, defineSchema, enumOf, freeForm, integer, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { RULE_KINDS } from './domain/contact-rules';

/** The shapes of compliance's answers (issue 13). */
export const ComplianceRuleSetSchema = defineSchema(
  'ComplianceRuleSet',
  objectOf({
    id: uuid,
    jurisdiction: { type: 'string', example: 'US-MA', description: '`*` (the default layer), a country or a region' },
    version: integer,
    effective_from: dateTime,
    created_at: dateTime,
    rules: arrayOf(
      objectOf({
        code: { type: 'string', example: 'us.call_frequency' },
        kind: enumOf(RULE_KINDS),
        citation: { type: 'string', example: 'Reg F 12 CFR §1006.14(b)(2)(i)(A)' },
        description: text,
        parameters: freeForm('typed per kind (docs/compliance.md)'),
      }),
    ),
  }),
);

export const ComplianceRuleSetListSchema = defineSchema('ComplianceRuleSetList', objectOf({ data: arrayOf(ComplianceRuleSetSchema) }));

export const ComplianceViolationSchema = defineSchema(
  'ComplianceViolation',
  objectOf({
    code: { type: 'string', example: 'us.call_frequency' },
    kind: enumOf(RULE_KINDS),
    citation: { type: 'string', example: 'Reg F 12 CFR §1006.14(b)(2)(i)(A)' },
    message: { type: 'string', example: '7 call attempts about this debt in the 7 days ending 2026-03-14 (America/New_York); the limit is 7' },
    numbers: freeForm('the counts, days and local times the rule was decided on'),
    clears_at: nullable(dateTime),
  }),
);

export const ComplianceCheckSchema = defineSchema(
  'ComplianceCheck',
  objectOf({
    allowed: boolean,
    reasons: arrayOf(ComplianceViolationSchema),
    next_allowed_at: { ...nullable(dateTime), description: 'the earliest moment the contact would pass; null when waiting does not help (a stop flag, a missing attribute)' },
    rules_in_force: arrayOf(text, 'codes of the rules the answer was decided on'),
  }),
);

export const AuditEntrySchema = defineSchema(
  'AuditEntry',
  objectOf({
    id: uuid,
    created_at: dateTime,
    actor: objectOf({ org_id: nullable(uuid), user_id: nullable(uuid), api_key_id: nullable(uuid) }),
    party_org_ids: arrayOf(uuid),
    action: { type: 'string', example: 'compliance.contact_refused' },
    entity_type: nullable(text),
    entity_id: nullable(text),
    changes: { ...nullable(freeForm('before/after of the changed fields')) },
    outcome_status: nullable(integer),
    request_id: nullable(text),
    ip: nullable(text),
  }),
);
