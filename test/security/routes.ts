import { TestApp } from '../support/test-app';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Route {
  readonly method: Method;
  /** OpenAPI template, e.g. `/v1/cases/{id}/flags/{flag}`. */
  readonly path: string;
  readonly params: readonly string[];
  /** Top-level properties of the JSON request body, from the document (empty when it declares none). */
  readonly bodyProperties: readonly string[];
  /** A body shaped like the document's schema (examples, enums, formats), for dropping one required field at a time. */
  readonly sampleBody: Record<string, unknown> | null;
  /** The required fields of the body and of its required objects, as paths (`buyer_premium.min`). */
  readonly requiredPaths: readonly string[][];
  readonly multipart: boolean;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: SchemaRef }> };
}
interface SchemaRef {
  $ref?: string;
  allOf?: SchemaRef[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: SchemaRef;
  required?: string[];
  properties?: Record<string, SchemaRef>;
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, OpenApiOperation>>>;
  components?: { schemas?: Record<string, SchemaRef> };
}

/**
 * Every operation of the app's own OpenAPI document (`/docs/openapi.json`), so a route added
 * tomorrow is swept and fuzzed without anyone listing it here.
 */
export async function discoverRoutes(t: TestApp): Promise<Route[]> {
  const res = await t.http.get('/docs/openapi.json');
  if (res.status !== 200) throw new Error(`no OpenAPI document: ${res.status}`);
  const doc = res.body as OpenApiDocument;
  const resolve = (schema: SchemaRef | undefined): SchemaRef | undefined =>
    schema?.$ref ? doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = operations[method];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      const json = resolve(content['application/json']?.schema);
      const sample = json?.properties ? sampleOf(json, resolve) : null;
      routes.push({
        method,
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        bodyProperties: Object.keys(json?.properties ?? {}),
        sampleBody: sample && typeof sample === 'object' && !Array.isArray(sample) ? (sample as Record<string, unknown>) : null,
        requiredPaths: json ? requiredPathsOf(json, resolve) : [],
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return routes;
}

type Resolve = (schema: SchemaRef | undefined) => SchemaRef | undefined;

/** A value of the schema's shape: its example, else its first enum value, else one made from its type and format. */
function sampleOf(schema: SchemaRef | undefined, resolve: Resolve, depth = 0): unknown {
  const s = resolve(schema?.allOf?.[0] ?? schema);
  if (!s || depth > 6) return null;
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([name, p]) => [name, sampleOf(p, resolve, depth + 1)]));
  switch (s.type) {
    case 'array':
      return [sampleOf(s.items, resolve, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'string':
      return s.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : s.format === 'date-time' ? new Date().toISOString() : s.format === 'date' ? new Date().toISOString().slice(0, 10) : 'x';
    default:
      return null;
  }
}

function requiredPathsOf(schema: SchemaRef, resolve: Resolve): string[][] {
  const paths: string[][] = [];
  for (const name of schema.required ?? []) {
    paths.push([name]);
    const inner = resolve(schema.properties?.[name]?.allOf?.[0] ?? schema.properties?.[name]);
    for (const innerName of inner?.properties ? (inner.required ?? []) : []) paths.push([name, innerName]);
  }
  return paths;
}

/** The body without the field at `path` (a copy). */
export function without(body: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  const { [head!]: inner, ...others } = body;
  if (rest.length === 0) return others;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? { ...others, [head!]: without(inner as Record<string, unknown>, rest) } : body;
}

/** The path with every `{param}` replaced by `value(param)`. */
export function fill(route: Route, value: (param: string) => string): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
}
