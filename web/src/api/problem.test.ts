import { describe, expect, it } from 'vitest';
import { formErrors } from './problem';

const problem = (errors: { field: string; message: string }[], detail = 'The request has invalid fields.') => ({ type: 'about:blank', title: 'Validation failed', status: 400, code: 'validation.failed', detail, errors });

describe('formErrors (problem+json errors[] onto a form)', () => {
  it.each([
    ['a field the form has', 'email', ['email', 'password'], { email: 'm' }, []],
    ['a nested field the form has', 'bounds.max_contingency_bps', ['bounds.max_contingency_bps'], { 'bounds.max_contingency_bps': 'm' }, []],
    ['an indexed field, onto its list', 'case_ids[2]', ['case_ids'], { case_ids: 'm' }, []],
    ['a nested field, onto the group the form has', 'sla.first_action_hours', ['sla'], { sla: 'm' }, []],
    ['a field the form lacks, above the form', 'lender_org_id', ['email'], {}, ['m']],
  ])('%s', (_name, field, formFields, fields, general) => {
    expect(formErrors(problem([{ field, message: 'm' }]), formFields, 'fallback')).toEqual({ fields, general });
  });

  it('keeps the first message of a field refused twice', () => {
    expect(formErrors(problem([{ field: 'url', message: 'first' }, { field: 'url', message: 'second' }]), ['url'], 'x').fields).toEqual({ url: 'first' });
  });

  it('shows the detail of a problem without field errors', () => {
    expect(formErrors({ ...problem([], 'This listing is not open.'), errors: undefined }, ['x'], 'fallback')).toEqual({ fields: {}, general: ['This listing is not open.'] });
  });

  it('shows the fallback for an answer that is not a problem (network failure)', () => {
    expect(formErrors(new TypeError('Failed to fetch'), ['x'], 'Something went wrong.')).toEqual({ fields: {}, general: ['Something went wrong.'] });
  });
});
