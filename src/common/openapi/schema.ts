import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

export type { ReferenceObject, SchemaObject };
export type Schema = SchemaObject | ReferenceObject;

/**
 * Response shapes as named components (`#/components/schemas/<name>`). Modules declare theirs in
 * `<module>.openapi.ts` next to the presenter whose output they describe; the document builder
 * adds every declared one to the document, so a `$ref` always resolves.
 */
const components = new Map<string, SchemaObject>();

export function defineSchema(name: string, schema: SchemaObject): ReferenceObject {
  const known = components.get(name);
  if (known && known !== schema) throw new Error(`OpenAPI schema ${name} is declared twice`);
  components.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

export function declaredSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries([...components.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Builders for the shapes the presenters write (snake_case JSON, DESIGN §2). */
export const uuid: SchemaObject = { type: 'string', format: 'uuid' };
export const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
export const calendarDate: SchemaObject = { type: 'string', format: 'date', example: '2026-03-31' };
export const text: SchemaObject = { type: 'string' };
export const integer: SchemaObject = { type: 'integer' };
export const boolean: SchemaObject = { type: 'boolean' };
/** A JSON object whose keys the domain owns (terms, rule tables); described, not enumerated. */
export const freeForm = (description: string): SchemaObject => ({ type: 'object', additionalProperties: true, description });

export function described(schema: Schema, description: string): Schema {
  return '$ref' in schema ? { allOf: [schema], description } : { ...schema, description };
}

export function enumOf(values: readonly string[], description?: string): SchemaObject {
  return { type: 'string', enum: [...values], ...(description ? { description } : {}) };
}

export function arrayOf(items: Schema, description?: string): SchemaObject {
  return { type: 'array', items, ...(description ? { description } : {}) };
}

/** `null` allowed: OpenAPI 3.0 spells it `nullable` (next to `type`); a `$ref` cannot carry it, hence `allOf` (all our refs are objects). */
export function nullable(schema: Schema): SchemaObject {
  return '$ref' in schema ? { type: 'object', nullable: true, allOf: [schema] } : { ...schema, nullable: true };
}

/**
 * An object whose listed properties are always present (the presenters write every key, `null`
 * included) except those named in `optional`, which appear only in some answers.
 */
export function objectOf(properties: Record<string, Schema>, options: { optional?: readonly string[]; description?: string } = {}): SchemaObject {
  const optional = new Set(options.optional ?? []);
  return {
    type: 'object',
    ...(options.description ? { description: options.description } : {}),
    required: Object.keys(properties).filter((k) => !optional.has(k)),
    properties,
  };
}

/** Money as the API carries it (DESIGN §2): integer minor units and an ISO 4217 code. */
export const MoneySchema = defineSchema(
  'Money',
  objectOf(
    {
      amount: { type: 'integer', format: 'int64', example: 1_250_000, description: 'integer minor units (USD 12,500.00 = 1250000)' },
      currency: { type: 'string', pattern: '^[A-Z]{3}$', example: 'USD', description: 'ISO 4217 code' },
    },
    { description: 'An amount of money in integer minor units' },
  ),
);

/** RFC 9457 problem details as `ProblemFilter` writes them (src/common/problem). */
export const ProblemSchema = defineSchema('Problem', {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is the stable machine-readable reason (`<entity>.<reason>`).',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://reclaim.dev/problems/validation.failed' },
    title: { type: 'string', example: 'Validation failed' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request has invalid fields.' },
    instance: { type: 'string', example: '/v1/cases' },
    code: { type: 'string', example: 'validation.failed' },
    request_id: { type: 'string', example: '5b0c3f0e-8a59-4c55-9a4f-2f7d8f0b6a1e' },
    errors: arrayOf(
      objectOf(
        {
          field: { type: 'string', example: 'borrower.phone' },
          message: { type: 'string', example: 'borrower.phone must be an E.164 number' },
          code: { type: 'string', description: 'stable reason for this field, where one exists' },
        },
        { optional: ['code'] },
      ),
      'one entry per refused field',
    ),
  },
  additionalProperties: { description: 'refusal-specific extensions (e.g. `current`, `allowed` for state moves)' },
});

/** The page envelope every list answers with (`common/pagination`), plus any list-wide fields. */
export function pageOf(item: Schema, extra: Record<string, Schema> = {}): SchemaObject {
  return objectOf({
    data: arrayOf(item),
    next_cursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page; null on the last page' },
    ...extra,
  });
}
