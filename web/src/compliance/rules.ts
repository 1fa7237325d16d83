import type { Schemas } from '../api/client';
import { isProblem } from '../api/problem';

type RuleSet = Schemas['ComplianceRuleSet'];
export type RuleInput = Schemas['ComplianceRuleDto'];

/** The newest version of each jurisdiction (the API lists every version, newest first per jurisdiction). */
export function latestPerJurisdiction(sets: readonly RuleSet[]): RuleSet[] {
  const latest = new Map<string, RuleSet>();
  for (const set of sets) if ((latest.get(set.jurisdiction)?.version ?? -1) < set.version) latest.set(set.jurisdiction, set);
  return [...latest.values()].sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction));
}

/** A rule set as the editor shows it: the fields PUT takes, nothing the server adds. */
export const rulesText = (set: RuleSet | undefined): string =>
  JSON.stringify(
    (set?.rules ?? []).map(({ code, kind, citation, description, parameters }) => ({ code, kind, citation, description, parameters })),
    null,
    2,
  );

/** The editor's text as the `rules` of PUT, or why it is not a JSON list of objects (the API checks the rest). */
export function parseRules(text: string): { rules: RuleInput[] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (!Array.isArray(value) || !value.every((rule) => typeof rule === 'object' && rule !== null && !Array.isArray(rule))) return { error: 'must be a JSON list of rules (objects)' };
  return { rules: value as RuleInput[] };
}

/**
 * The API's field errors of a rule set, each with the field it names ("rules[2].parameters.start:
 * must be HH:MM"), so an error deep in the JSON text can be found; the problem's detail when it has none.
 */
export function fieldMessages(problem: unknown, fallback: string): string[] {
  if (!isProblem(problem)) return [fallback];
  const errors = problem.errors ?? [];
  return errors.length ? errors.map((e) => `${e.field}: ${e.message}`) : [problem.detail ?? problem.title];
}
