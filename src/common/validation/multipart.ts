import { DomainError } from '../problem/problem';

const multipartTooLarge = (detail: string): DomainError => new DomainError('request.too_large', 413, 'Payload too large', detail);

/**
 * What went wrong while reading a multipart body, as the caller's fault: @fastify/multipart's
 * limit errors (413) and busboy's parse errors (a wrong or missing boundary, a truncated body,
 * a malformed part header: 400). Errors of this process (disk, `errno`) and refusals already
 * decided are passed through.
 */
export function multipartRefusal(err: unknown): unknown {
  if (err instanceof DomainError || !(err instanceof Error) || 'errno' in err) return err;
  const { code, statusCode } = err as Error & { code?: string; statusCode?: number };
  if (statusCode === 413) return multipartTooLarge(`The multipart body exceeds a limit (${code === 'FST_FIELDS_LIMIT' ? 'too many fields' : code === 'FST_PARTS_LIMIT' ? 'too many parts' : 'too large'}).`);
  if (statusCode !== undefined && statusCode >= 500) return err;
  return new DomainError('request.malformed_multipart', 400, 'Bad request', 'The multipart/form-data body could not be read: check its boundary and that it is complete.');
}
