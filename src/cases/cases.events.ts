import { defineEvent, P } from '../common/outbox/event-definition';
import { CASE_FLAGS, CASE_STATUSES } from './domain/case-status';

export const CasePlaced = defineEvent('case.placed', {
  aggregate: 'case or placement_import',
  description: 'Cases were placed: one through `POST /v1/cases` (`case_id`), or a bulk placement (`import_id` and its counts).',
  payload: {
    case_id: P.optional(P.id()),
    external_ref: P.optional(P.text()),
    import_id: P.optional(P.id()),
    created: P.int(),
    updated: P.int(),
    unchanged: P.optional(P.int()),
    rejected: P.optional(P.int()),
    vehicles_created: P.optional(P.int()),
    vehicles_updated: P.optional(P.int()),
  },
});

export const CaseUpdated = defineEvent('case.updated', {
  aggregate: 'case',
  description: 'The lender changed fields of a case (names only; values may be PII).',
  payload: { case_id: P.id(), fields: P.texts() },
});

const flagChange = {
  case_id: P.id(),
  flag: P.oneOf(CASE_FLAGS),
  reason: P.text(),
  flags: P.array(P.oneOf(CASE_FLAGS)),
  on_hold: P.bool('bankruptcy or legal hold: all collection activity stops (DESIGN §4)'),
  was_on_hold: P.bool(),
};

export const CaseFlagSet = defineEvent('case.flag_set', { aggregate: 'case', description: 'A flag was set on a case.', payload: flagChange });
export const CaseFlagCleared = defineEvent('case.flag_cleared', { aggregate: 'case', description: 'A flag was cleared on a case.', payload: flagChange });

export const CaseStatusChanged = defineEvent('case.status_changed', {
  aggregate: 'case',
  description: 'A case moved along its status machine (listing, award, job, or the lender).',
  payload: { case_id: P.id(), from: P.oneOf(CASE_STATUSES), to: P.oneOf(CASE_STATUSES), reason: P.nullable(P.text()), assigned_org_id: P.nullable(P.id()) },
});

export const CASE_EVENTS = [CasePlaced, CaseUpdated, CaseFlagSet, CaseFlagCleared, CaseStatusChanged] as const;
