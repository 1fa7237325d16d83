import type { FastifyReply } from 'fastify';

/** The headers of a stored document's download: its type, its name, its digest, and never a shared cache. */
export function sendsDocument(reply: FastifyReply, file: { contentType: string; filename: string; sha256: string }): void {
  void reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-checksum-sha256', file.sha256)
    .header('cache-control', 'private, no-store');
}
