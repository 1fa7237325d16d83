import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MoneyError } from '../money/money';
import { DomainError, PROBLEM_TYPE_BASE, ProblemDocument } from './problem';

/** A stored answer replayed as it was first given (idempotency). */
export class ReplayedResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType: string,
  ) {}
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const CODES: Record<number, string> = {
  400: 'request.invalid',
  401: 'auth.unauthorized',
  403: 'auth.forbidden',
  404: 'route.not_found',
  405: 'route.method_not_allowed',
  409: 'request.conflict',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
  422: 'request.unprocessable',
  429: 'rate_limit.exceeded',
};

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Turns anything thrown into RFC 9457 problem+json; unexpected errors are logged, never echoed. */
export function toProblem(exception: unknown, requestId?: string, instance?: string): ProblemDocument {
  const base = (status: number, code: string, detail?: string): ProblemDocument => ({
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: TITLES[status] ?? (status >= 500 ? 'Server error' : 'Request error'),
    status,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
    code,
    ...(requestId ? { request_id: requestId } : {}),
  });

  if (exception instanceof DomainError) {
    return {
      ...base(exception.status, exception.code, exception.detail),
      title: exception.title,
      ...exception.extensions,
      ...(exception.errors ? { errors: [...exception.errors] } : {}),
    };
  }
  if (exception instanceof MoneyError) {
    return base(422, exception.code, exception.message);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const detail = status >= 500 ? undefined : Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
    // Nest wraps Fastify's own refusals (malformed JSON, empty body) with the original as cause.
    const cause = exception.cause as FastifyLikeError | undefined;
    const malformed = status === 400 && typeof cause?.code === 'string' && cause.code.startsWith('FST_ERR_CTP');
    return base(status, malformed ? 'request.malformed_body' : (CODES[status] ?? (status >= 500 ? 'server.error' : 'request.error')), detail);
  }
  return base(HttpStatus.INTERNAL_SERVER_ERROR, 'server.error', 'An unexpected error occurred. Quote the request id when you report it.');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    if (exception instanceof ReplayedResponse) {
      void reply.status(exception.status).header('content-type', exception.contentType).header('idempotency-replayed', 'true').send(exception.body);
      return;
    }
    const problem = toProblem(exception, request.id, request.url?.split('?')[0]);
    if (problem.status >= 500) {
      this.logger.error({ err: exception, request_id: request.id }, 'unhandled error');
    }
    if (problem.status === 429 && typeof problem.retry_after === 'number') void reply.header('retry-after', problem.retry_after);
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}
