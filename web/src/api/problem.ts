/** RFC 9457 problem details as the API writes them (components.schemas.Problem). */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string; readonly code?: string }[];
  readonly [extension: string]: unknown;
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string' && typeof (value as Problem).status === 'number';
}

/** What a form shows: one message per field it has, the rest (and the problem's detail) above the form. */
export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>;
  readonly general: readonly string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, general: [] };

/**
 * Maps a problem's `errors[].field` ("bounds.max_contingency_bps", "case_ids[2]", "0.borrower.phone")
 * onto the form's field names. A field the form does not have is reported in `general`, so no
 * refusal is ever invisible.
 */
export function formErrors(problem: unknown, formFields: readonly string[], fallback: string): FormErrors {
  if (!isProblem(problem)) return { fields: {}, general: [fallback] };
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const error of problem.errors ?? []) {
    const name = matchField(error.field, formFields);
    if (name && !fields[name]) fields[name] = error.message;
    else if (!name) general.push(error.message);
  }
  if (general.length === 0 && Object.keys(fields).length === 0) general.push(problem.detail ?? problem.title);
  return { fields, general };
}

function matchField(field: string, formFields: readonly string[]): string | undefined {
  const normal = field.replace(/\[(\d+)\]/g, '.$1');
  if (formFields.includes(normal)) return normal;
  // The longest form field the problem's field lies inside: "sla.first_action_hours" → "sla" when
  // the form has only "sla"; "bounds.max_contingency_bps" stays itself when the form has it.
  return [...formFields].sort((a, b) => b.length - a.length).find((name) => normal.startsWith(`${name}.`));
}
