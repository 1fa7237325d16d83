/**
 * A JSON value as stored in a `jsonb` column or carried in an event payload. Interfaces keep the
 * recursion lazy, so TypeORM's deep-partial insert types can expand it.
 */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
export interface JsonArray extends ReadonlyArray<JsonValue> {}
/** A JSON object; members set to `undefined` are left out when it is serialised. */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}
