import type { FastifyRequest } from 'fastify';
import { validationFailed } from '../problem/problem';
import { unsafeStrings } from './json-body';

/**
 * Path and query values are strings that end up in SQL parameters; a NUL byte (`%00`) or an
 * unpaired surrogate there made PostgreSQL throw (500). Refused as the body's strings are, naming
 * the parameter. A Fastify hook, so it runs for every route before guards and pipes.
 */
export async function rejectUnsafeQueryStrings(request: FastifyRequest): Promise<void> {
  const errors = [...unsafeStrings(request.params), ...unsafeStrings(request.query)];
  if (errors.length > 0) throw validationFailed(errors, 'The request path or query has invalid characters.');
}
