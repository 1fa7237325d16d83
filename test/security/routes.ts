import { TestApp } from '../support/test-app';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Route {
  readonly method: Method;
  /** OpenAPI template, e.g. `/v1/cases/{id}/flags/{flag}`. */
  readonly path: string;
  readonly params: readonly string[];
  /** Top-level properties of the JSON request body, from the document (empty when it declares none). */
  readonly bodyProperties: readonly string[];
  readonly multipart: boolean;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: SchemaRef }> };
}
interface SchemaRef {
  $ref?: string;
  properties?: Record<string, unknown>;
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
      routes.push({
        method,
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        bodyProperties: Object.keys(json?.properties ?? {}),
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return routes;
}

/** The path with every `{param}` replaced by `value(param)`. */
export function fill(route: Route, value: (param: string) => string): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
}
