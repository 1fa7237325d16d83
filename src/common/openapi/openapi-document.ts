import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { sample } from 'openapi-sampler';
import { PROBLEM_MEANINGS, PUBLIC_OPERATION } from './decorators';
import { declaredSchemas, ProblemSchema } from './schema';

/** One tag per bounded context, in the order a reader meets them. */
export const API_TAGS = [
  { name: 'auth', description: 'Organisations, users, tokens and API keys' },
  { name: 'health', description: 'Liveness and readiness probes' },
  { name: 'partners', description: 'Agency, tow-operator and buyer profiles, credentials, vetting (DESIGN §3)' },
  { name: 'cases', description: 'Loan cases and placement imports (DESIGN §4)' },
  { name: 'vehicles', description: 'Collateral vehicles (DESIGN §4)' },
  { name: 'marketplace', description: 'Fee schedules, listings, bids and awards (DESIGN §5)' },
  { name: 'jobs', description: 'Offers and work awarded to partners (DESIGN §6)' },
  { name: 'notifications', description: 'Inbox and webhooks (DESIGN §9)' },
  { name: 'money', description: 'Ledger, confirmed payments, partner statements and payouts (DESIGN §8)' },
  { name: 'compliance', description: 'Contact rules, compliance checks, complaints and the audit log (DESIGN §2, §6)' },
  { name: 'auctions', description: 'Vehicle auction lots, proxy bids and buy-now (DESIGN §7)' },
  { name: 'analytics', description: 'Partner scorecards and portfolio reports from recorded outcomes (DESIGN §10)' },
] as const;

/** Every route lives under /v1 (DESIGN §2). */
export const API_PREFIX = 'v1';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const problem = (status: number): ResponseObject => ({
  description: PROBLEM_MEANINGS[status] ?? 'Refused',
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const isRef = (value: object): value is ReferenceObject => '$ref' in value;

/**
 * The API's OpenAPI document, built from the controllers' decorators and completed with what holds
 * for every route, so no controller has to repeat it:
 * - `security: []` on `@Public()` routes, bearer elsewhere, with its 401;
 * - 400 wherever a body, query or path parameter is validated;
 * - the `Idempotency-Key` header (and its 409/422) on every POST, as the global interceptor honours it;
 * - 500 (`server.error`) everywhere, as the problem filter answers any unexpected failure;
 * - `format: uuid` on path parameters named `id` or `…Id` (a non-uuid is answered 404);
 * - an example for every JSON answer, sampled from its schema;
 * - the named schemas modules declared with `defineSchema`.
 */
export function buildOpenApiDocument(app: INestApplication, options: { serverUrl: string; serverDescription?: string }): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('Reclaim API')
    .setDescription(
      'Marketplace for non-performing loan recovery and repossessed-vehicle disposal. JSON is snake_case; money is `{amount, currency}` in integer minor units; lists page with `limit` and `cursor`; errors are application/problem+json (RFC 9457) with a stable `code`.',
    )
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://reclaim.dev/terms')
    .addServer(options.serverUrl, options.serverDescription ?? 'this deployment (PUBLIC_BASE_URL)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or rk_ API key', description: 'Access token or rk_ API key' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  base.tags = API_TAGS.map((t) => ({ ...t }));
  const document = SwaggerModule.createDocument(app, base, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...declaredSchemas() },
    parameters: {
      ...document.components?.parameters,
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Retry-safe POST (DESIGN §2): the first answer is replayed for 24 h to a retry with the same body; another body under the key is 422, a retry while the first is running 409.',
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(method, operation, document);
    }
  }
  return document;
}

function completeOperation(method: (typeof METHODS)[number], operation: OperationObject, document: OpenAPIObject): void {
  const extensions = operation as OperationObject & Record<string, unknown>;
  const isPublic = extensions[PUBLIC_OPERATION] === true;
  delete extensions[PUBLIC_OPERATION];
  const responses = operation.responses;
  const add = (status: number) => {
    responses[status] ??= problem(status);
  };
  add(500);
  if (isPublic) operation.security = [];
  else {
    delete operation.security;
    add(401);
  }
  const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => !isRef(p));
  for (const parameter of parameters) {
    if (parameter.in === 'path' && /^(id|.+Id)$/.test(parameter.name)) parameter.schema = { type: 'string', format: 'uuid' };
  }
  if (operation.requestBody || parameters.some((p) => p.in === 'query' || p.in === 'path')) add(400);
  if (parameters.some((p) => p.in === 'path')) add(404);
  if (method === 'post') {
    operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
    add(400);
    add(409);
    add(422);
  }
  for (const response of Object.values(responses)) {
    if (!response || isRef(response)) continue;
    if (response.description === '') response.description = 'OK';
    for (const [type, media] of Object.entries(response.content ?? {})) {
      if (media.example !== undefined || media.examples || !media.schema || !type.includes('json')) continue;
      media.example = sample(media.schema as object, { skipReadOnly: true, quiet: true }, document);
    }
  }
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
