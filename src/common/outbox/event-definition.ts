import { FormatRegistry, Static, TProperties, TSchema, Type } from '@sinclair/typebox';

/**
 * One domain event type with the JSON Schema of its payload (DESIGN §9). The schema is the single
 * source of the payload's TypeScript type (`Static`), of the catalogue webhook consumers read
 * (`GET /v1/events/catalogue`) and of the check that recorded payloads match it.
 */
export interface EventDefinition<T extends string = string, S extends TSchema = TSchema> {
  readonly type: T;
  /** What `aggregate_id` names (`listing`, `job`, `partner`, …). */
  readonly aggregateType: string;
  readonly description: string;
  readonly payload: S;
}

export function defineEvent<T extends string, P extends TProperties>(
  type: T,
  spec: { readonly aggregate: string; readonly description: string; readonly payload: P },
): EventDefinition<T, ReturnType<typeof Type.Object<P>>> {
  return { type, aggregateType: spec.aggregate, description: spec.description, payload: Type.Object(spec.payload, { additionalProperties: false }) };
}

export type PayloadOf<D extends EventDefinition> = Static<D['payload']>;

// Formats the payload schemas use, so `Value.Check` can verify them (TypeBox knows none by default).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)));
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v));

/** The payload vocabulary every module's `*.events.ts` composes. */
export const P = {
  id: (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) }),
  ids: (description?: string) => Type.Array(Type.String({ format: 'uuid' }), description ? { description } : {}),
  text: (description?: string) => Type.String(description ? { description } : {}),
  texts: (description?: string) => Type.Array(Type.String(), description ? { description } : {}),
  /** An instant, ISO 8601 in UTC (`2025-06-20T17:00:00.000Z`). */
  timestamp: (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) }),
  /** A calendar day (`YYYY-MM-DD`, DESIGN §2). */
  day: (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) }),
  int: (description?: string) => Type.Integer(description ? { description } : {}),
  bool: (description?: string) => Type.Boolean(description ? { description } : {}),
  /** One of a fixed set of words; the schema lists them (`enum`-like `anyOf` of constants). */
  oneOf: <const V extends readonly string[]>(values: V, description?: string) =>
    Type.Union(
      values.map((v: V[number]) => Type.Literal(v)),
      description ? { description } : {},
    ),
  /** Integer minor units and an ISO 4217 code, as everywhere in the API. */
  money: (description?: string) =>
    Type.Object({ amount: Type.Integer(), currency: Type.String({ pattern: '^[A-Z]{3}$' }) }, { additionalProperties: false, ...(description ? { description } : {}) }),
  nullable: <S extends TSchema>(schema: S) => Type.Union([schema, Type.Null()]),
  optional: <S extends TSchema>(schema: S) => Type.Optional(schema),
  object: <Q extends TProperties>(properties: Q) => Type.Object(properties, { additionalProperties: false }),
  array: <S extends TSchema>(schema: S) => Type.Array(schema),
};

