/** A request's parameters as the Stripe SDK encodes them: `a[b][0]=x` form fields, nested. */
export type Params = { [key: string]: ParamValue };
export type ParamValue = string | Params | ParamValue[];

/**
 * Parses `application/x-www-form-urlencoded` the way Stripe reads it: brackets nest objects,
 * numeric brackets (`expand[0]`) make arrays (stripe-node `stringifyRequestData` writes indices).
 */
export function parseForm(body: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const [head, ...rest] = key.split('[');
    const path = [head!, ...rest.map((part) => part.replace(/]$/, ''))];
    let node: Record<string, unknown> = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    });
  }
  return arraysFromIndices(root) as Params;
}

function arraysFromIndices(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arraysFromIndices(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

/** A stable text of a parameter set, for comparing an idempotent retry with its first request. */
export function canonical(params: unknown): string {
  if (typeof params !== 'object' || params === null) return JSON.stringify(params);
  if (Array.isArray(params)) return `[${params.map(canonical).join(',')}]`;
  const keys = Object.keys(params).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((params as Record<string, unknown>)[k])}`).join(',')}}`;
}
