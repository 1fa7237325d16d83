import { describe, expect, it } from 'vitest';
import { fieldMessages, latestPerJurisdiction, parseRules, rulesText } from './rules';

const set = (jurisdiction: string, version: number) => ({ id: `${jurisdiction}-${version}`, jurisdiction, version, effective_from: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z', rules: [{ code: `${jurisdiction}.r${version}`, kind: 'stop_flag' as const, citation: 'c', description: 'd', parameters: { flags: ['deceased'] } }] });

describe('compliance rules editor', () => {
  it('keeps the newest version of each jurisdiction, in name order', () => {
    expect(latestPerJurisdiction([set('US', 2), set('US', 1), set('*', 1), set('CN', 3)]).map((s) => s.id)).toEqual(['*-1', 'CN-3', 'US-2']);
  });

  it('shows the rules as the PUT body takes them and reads them back', () => {
    const text = rulesText(set('US', 2));
    expect(JSON.parse(text)).toEqual([{ code: 'US.r2', kind: 'stop_flag', citation: 'c', description: 'd', parameters: { flags: ['deceased'] } }]);
    expect(parseRules(text)).toEqual({ rules: JSON.parse(text) });
    expect(rulesText(undefined)).toBe('[]');
  });

  it('refuses text that is not a JSON list of objects', () => {
    expect(parseRules('[{"code": ')).toHaveProperty('error');
    expect(parseRules('{"code": "x"}')).toEqual({ error: 'must be a JSON list of rules (objects)' });
    expect(parseRules('[1]')).toEqual({ error: 'must be a JSON list of rules (objects)' });
  });

  it("names each field the API refused", () => {
    const problem = { type: 't', title: 'Validation failed', status: 400, code: 'validation.failed', errors: [{ field: 'rules[0].parameters.start', message: 'must be HH:MM' }] };
    expect(fieldMessages(problem, 'x')).toEqual(['rules[0].parameters.start: must be HH:MM']);
    expect(fieldMessages({ ...problem, errors: [], detail: 'No.' }, 'x')).toEqual(['No.']);
    expect(fieldMessages(new Error('network'), 'Something went wrong.')).toEqual(['Something went wrong.']);
  });
});
