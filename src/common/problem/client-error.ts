import type { Socket } from 'node:net';
import { DomainError } from './problem';
import { toProblem } from './problem.filter';

const CLIENT_ERRORS: Record<string, readonly [status: number, reason: string, code: string, detail: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'request.headers_too_large', 'The request headers exceed the accepted size.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request.timeout', 'The request was not received in time.'],
};
const MALFORMED = [400, 'Bad Request', 'request.malformed', 'The request is not valid HTTP.'] as const;

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a 100 KB header, a malformed
 * request line, a slow client) answered as problem+json like every other error (DESIGN §2),
 * instead of Fastify's default `application/json` text.
 */
export function writeClientErrorProblem(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, detail] = CLIENT_ERRORS[err.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify(toProblem(new DomainError(code, status, reason, detail)));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
