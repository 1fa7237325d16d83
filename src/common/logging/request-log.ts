import { FastifyReply, FastifyRequest, LogController } from 'fastify';

/**
 * Fastify's per-request log lines, made one line per request (issue 10 §4): method, route, status,
 * duration and request id (`reqId`, bound by Fastify); health probes only at debug (a 503 while
 * starting included), so polling them does not fill the log. Server errors keep their `err`.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  /** The completed line below says it already. */
  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? request.url.split('?')[0];
    const status = reply.statusCode;
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    const level = error ? 'error' : route.startsWith('/v1/health') ? 'debug' : status >= 500 ? 'error' : 'info';
    reply.log[level]({ method: request.method, route, status, duration_ms: durationMs, ...(error ? { err: error } : {}) }, `${request.method} ${route} ${status} ${durationMs}ms`);
  }
}
