import { defineEvent, P } from '../common/outbox/event-definition';
import { WORK_KINDS } from '../jobs/domain/work-kind';

export const ContactRefused = defineEvent('compliance.contact_refused', {
  aggregate: 'job',
  description: 'A contact attempt was refused by the compliance rules (issue 13); counted on the partner’s statistics. Nothing of the attempt was stored.',
  payload: {
    lender_org_id: P.id(),
    partner_org_id: P.nullable(P.id()),
    job_id: P.nullable(P.id()),
    work_kind: P.nullable(P.oneOf(WORK_KINDS)),
    case_ids: P.ids(),
    rule_codes: P.texts('the codes of the rules the attempt broke'),
  },
});

export const ComplianceRulesUpdated = defineEvent('compliance_rules.updated', {
  aggregate: 'compliance_rule_set',
  description: 'The platform wrote a new version of a jurisdiction’s compliance rule set.',
  payload: { jurisdiction: P.text(), version: P.int(), effective_from: P.timestamp(), rules: P.int() },
});

export const COMPLIANCE_EVENTS = [ContactRefused, ComplianceRulesUpdated] as const;
