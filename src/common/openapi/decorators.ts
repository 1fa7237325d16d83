import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtension, ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { pageOf, ProblemSchema, Schema, SchemaObject } from './schema';

type Decorator = MethodDecorator & ClassDecorator;

/** What each refusal status means across the API (DESIGN §2); a route's own codes are in its module's `*.errors.ts`. */
export const PROBLEM_MEANINGS: Record<number, string> = {
  400: 'Invalid request (`validation.failed` with `errors[]`, `request.malformed_body`, …)',
  401: 'No valid bearer token or API key (`auth.*`)',
  403: 'The caller’s org kind or role may not do this (`auth.forbidden`)',
  404: 'No such resource visible to the caller (`<entity>.not_found`); another org’s rows are 404 too',
  409: 'The resource is in a state that refuses this (`<entity>.<state>`, `state.illegal_transition`)',
  413: 'The upload is larger than allowed',
  415: 'The body is not of an accepted media type',
  422: 'A business rule refuses the request (`<entity>.<rule>`)',
  429: 'Too many requests from this client; retry later',
  500: 'Unexpected failure (`server.error`); nothing is leaked, quote request_id when reporting it',
  503: 'A dependency is unavailable',
};

/** The refusals a route can answer, as `application/problem+json` with the one Problem schema. */
export function ApiProblems(...statuses: number[]): Decorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEM_MEANINGS[status] ?? 'Refused', content: { 'application/problem+json': { schema: ProblemSchema } } }),
    ),
  );
}

/** Summary (and, when the route needs explaining, a description) of one operation. */
export function ApiSummary(summary: string, description?: string): MethodDecorator {
  return ApiOperation({ summary, ...(description ? { description } : {}) });
}

/** The success answer: JSON of `schema` with status 200 (201 for a created resource, …). */
export function ApiAnswer(schema: Schema, options: { status?: number; description?: string } = {}): MethodDecorator {
  const status = options.status ?? HttpStatus.OK;
  return ApiResponse({ status, description: options.description ?? (status === 201 ? 'Created' : 'OK'), schema: schema as SchemaObject });
}

/**
 * A list: `{ data: <schema>[], next_cursor }` (and `extra` list-wide fields); `limit` and `cursor`
 * come from the query DTO extending `PageQuery`.
 */
export function ApiPage(item: Schema, options: { description?: string; extra?: Record<string, Schema> } = {}): MethodDecorator {
  return ApiResponse({ status: HttpStatus.OK, description: options.description ?? 'One page, newest first', schema: pageOf(item, options.extra) });
}

/** 204: done, nothing to say. */
export function ApiNoContent(description = 'Done'): MethodDecorator {
  return ApiResponse({ status: HttpStatus.NO_CONTENT, description });
}

/** A CSV download (`text/csv; charset=utf-8`), columns as in docs/placement-csv.md. */
export function ApiCsv(description: string): MethodDecorator {
  return applyDecorators(ApiProduces('text/csv'), ApiResponse({ status: HttpStatus.OK, description, content: { 'text/csv': { schema: { type: 'string' }, example: 'external_ref,status\nLN-1001,new\n' } } }));
}

/** A `multipart/form-data` upload: the text fields and the one file part named `file`. */
export function ApiUpload(fields: Record<string, Schema>, file: { name: string; description: string }, required: readonly string[] = []): MethodDecorator {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: [file.name, ...required],
        properties: { ...fields, [file.name]: { type: 'string', format: 'binary', description: file.description } },
      },
    }),
  );
}

/** Marks a route callable without credentials; the document builder turns it into `security: []`. */
export const PUBLIC_OPERATION = 'x-reclaim-public';
export const ApiPublic = (): Decorator => ApiExtension(PUBLIC_OPERATION, true);
