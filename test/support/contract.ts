import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The contract check (issue 10): every answer the e2e suite receives from a `/v1` route is held
 * against the OpenAPI document the app serves — the route and status must be documented, the
 * content type must be one the document lists, and a JSON body must validate against its schema.
 * Violations are collected here and fail the test that caused them (see contract-setup.ts).
 */
const violations: string[] = [];

export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The document's schemas as the check reads them: OpenAPI 3.0 `nullable` becomes "the schema or
 * null" (ajv's own `nullable` ignores `allOf`, which nullable `$ref`s use), and an object that lists
 * its properties is taken as complete, so a field the presenter writes but the document does not
 * name fails too. The served document itself stays open to additions (clients must tolerate them).
 */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'nullable' && key !== 'example' && key !== 'examples') out[key] = toJsonSchema(value);
  }
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return node.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

interface Contract {
  readonly document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
  readonly ajv: Ajv;
  readonly validators: Map<string, ValidateFunction>;
}

function contractOf(documentText: string): Contract {
  const document = JSON.parse(documentText);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(toJsonSchema(document) as object, 'openapi');
  return { document, ajv, validators: new Map() };
}

function check(contract: Contract, request: FastifyRequest, reply: FastifyReply, payload: unknown): string | null {
  const route = request.routeOptions.url;
  if (!route || !route.startsWith('/v1/') || request.method === 'HEAD' || request.method === 'OPTIONS') return null;
  const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  const method = request.method.toLowerCase();
  const status = String(reply.statusCode);
  const where = `${request.method} ${path} → ${status}`;
  const operation = contract.document.paths[path]?.[method];
  if (!operation) return `${where}: the route is not in the OpenAPI document`;
  const response = operation.responses[status];
  if (!response) return `${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
  const contentType = String(reply.getHeader('content-type') ?? '').split(';')[0]!.trim();
  const documented = Object.keys(response.content ?? {});
  if (!contentType || reply.statusCode === 204) return documented.length === 0 || reply.statusCode === 204 ? null : `${where}: no content type, documented ${documented.join(', ')}`;
  if (!documented.includes(contentType)) return `${where}: content type ${contentType} not documented (documented: ${documented.join(', ') || 'none'})`;
  if (!contentType.endsWith('json') || typeof payload !== 'string') return null;
  const pointer = `openapi#/paths/${escape(path)}/${method}/responses/${status}/content/${escape(contentType)}/schema`;
  let validate = contract.validators.get(pointer);
  if (!validate) {
    validate = contract.ajv.compile({ $ref: pointer });
    contract.validators.set(pointer, validate);
  }
  const body: unknown = payload === '' ? null : JSON.parse(payload);
  if (validate(body)) return null;
  const errors = (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}${'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  return `${where} (${contentType}): ${[...new Set(errors)].join('; ')}\n  body: ${payload.slice(0, 600)}`;
}

/**
 * Hooks the check into an app before it is initialised; call the answer once the app is ready to
 * load the document it serves at /docs/openapi.json (answers before that are not checked).
 */
export function checkResponsesAgainstContract(app: NestFastifyApplication): () => Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  let contract: Contract | undefined;
  fastify.addHook('onSend', async (request, reply, payload) => {
    const violation = contract ? check(contract, request, reply, payload) : null;
    if (violation) violations.push(violation);
    return payload;
  });
  return async () => {
    const served = await fastify.inject({ method: 'GET', url: '/docs/openapi.json' });
    contract = contractOf(served.body);
  };
}
