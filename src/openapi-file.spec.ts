import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TAGS } from './common/openapi/openapi-document';
import { buildCommittedOpenApiDocument, documentText, OPENAPI_FILE } from './openapi-file';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PUBLIC_ROUTES = ['POST /v1/auth/register', 'POST /v1/auth/login', 'POST /v1/auth/refresh', 'GET /v1/health', 'GET /v1/health/ready', 'GET /v1/events/catalogue', 'POST /v1/payments/stripe/webhook', 'GET /v1/verify/{code}'];

let document: OpenAPIObject;
let operations: { route: string; operation: OperationObject }[];

beforeAll(async () => {
  document = await buildCommittedOpenApiDocument();
  operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ route: `${method.toUpperCase()} ${path}`, operation: item[method]! }] : [])),
  );
});

const responsesOf = (operation: OperationObject) => Object.entries(operation.responses) as [string, ResponseObject][];
const parametersOf = (operation: OperationObject) => (operation.parameters ?? []) as (ParameterObject | ReferenceObject)[];
/** Routes whose answer breaks a rule below, for a readable failure. */
const breaking = (rule: (operation: OperationObject, route: string) => boolean) => operations.filter(({ operation, route }) => !rule(operation, route)).map((o) => o.route);

describe('docs/openapi.json', () => {
  it('is what the code produces (run `npm run openapi` after changing a route)', () => {
    const committed = readFileSync(join(__dirname, '..', OPENAPI_FILE), 'utf8');
    const produced = documentText(document);
    expect(JSON.parse(committed)).toEqual(JSON.parse(produced));
    expect(committed).toBe(produced);
  });

  it('gives every operation a summary and one bounded-context tag', () => {
    const tags = API_TAGS.map((t) => t.name as string);
    expect(breaking((o) => Boolean(o.summary) && o.tags?.length === 1 && tags.includes(o.tags[0]!))).toEqual([]);
  });

  it('gives every operation a success answer, with a schema and an example when it is JSON', () => {
    expect(breaking((o) => responsesOf(o).some(([status]) => status.startsWith('2')))).toEqual([]);
    const jsonWithoutSchemaOrExample = breaking((o) =>
      responsesOf(o).every(([, r]) => Object.entries(r.content ?? {}).every(([type, media]) => !type.includes('json') || (media.schema !== undefined && media.example !== undefined))),
    );
    expect(jsonWithoutSchemaOrExample).toEqual([]);
  });

  it('answers refusals as application/problem+json with the one Problem schema', () => {
    const refusalsNotProblems = breaking((o, route) =>
      responsesOf(o).every(
        ([status, r]) => !/^[45]/.test(status) || route === 'GET /v1/health/ready' || JSON.stringify(r.content) === JSON.stringify({ 'application/problem+json': r.content?.['application/problem+json'] }),
      ),
    );
    expect(refusalsNotProblems).toEqual([]);
    expect(document.components?.schemas?.Problem).toMatchObject({ required: ['type', 'title', 'status', 'code'], properties: { errors: { type: 'array' } } });
  });

  it('marks exactly the public routes `security: []` and gives every other one its 401', () => {
    expect(operations.filter(({ operation }) => operation.security?.length === 0).map((o) => o.route)).toEqual(PUBLIC_ROUTES);
    expect(breaking((o, route) => PUBLIC_ROUTES.includes(route) || '401' in o.responses)).toEqual([]);
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('declares Idempotency-Key on every POST, limit and cursor on every list, uuid on every id', () => {
    const idempotent = (o: OperationObject) => parametersOf(o).some((p) => '$ref' in p && p.$ref === '#/components/parameters/IdempotencyKey');
    expect(breaking((o, route) => !route.startsWith('POST') || idempotent(o))).toEqual([]);
    const isList = (o: OperationObject) => JSON.stringify(o.responses['200'] ?? {}).includes('next_cursor');
    const query = (o: OperationObject) => parametersOf(o).flatMap((p) => ('in' in p && p.in === 'query' ? [p.name] : []));
    expect(breaking((o) => !isList(o) || (query(o).includes('limit') && query(o).includes('cursor')))).toEqual([]);
    const ids = operations.flatMap(({ operation }) => parametersOf(operation).filter((p): p is ParameterObject => 'in' in p && p.in === 'path' && p.name !== 'flag' && p.name !== 'code'));
    expect(ids.filter((p) => (p.schema as { format?: string }).format !== 'uuid')).toEqual([]);
  });

  it('takes uploads as multipart/form-data and answers CSV as text/csv', () => {
    const bulk = document.paths['/v1/cases/bulk']!.post!;
    expect(Object.keys((bulk.requestBody as { content: object }).content)).toEqual(['application/json', 'multipart/form-data']);
    expect(Object.keys((document.paths['/v1/partner-profile/credentials']!.post!.requestBody as { content: object }).content)).toEqual(['multipart/form-data']);
    for (const csv of ['/v1/cases/export.csv', '/v1/imports/{id}/errors.csv']) {
      expect(Object.keys((document.paths[csv]!.get!.responses['200'] as ResponseObject).content ?? {})).toEqual(['text/csv']);
    }
  });

  it('types money as integer minor units with a currency', () => {
    expect(document.components?.schemas?.Money).toMatchObject({ required: ['amount', 'currency'], properties: { amount: { type: 'integer' }, currency: { type: 'string' } } });
  });
});
