/**
 * A JSON document as stored in a `jsonb` column. Deliberately loose: TypeORM's deep-partial
 * insert types cannot expand a recursive JSON type.
 */
// oxlint-disable-next-line no-explicit-any
export type JsonObject = { [key: string]: any };
export type JsonValue = JsonObject[string];
