import type { FastifyRequest } from 'fastify';
import { DomainError, validationFailed } from '../problem/problem';
import { unsafeStrings } from './json-body';

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

export interface UploadedFile {
  readonly filename: string;
  readonly mimetype: string;
  readonly data: Buffer;
}

export interface FileUploadOptions {
  /** The one file part accepted. */
  readonly fileField: string;
  readonly maxBytes: number;
  readonly notMultipart: () => DomainError;
  readonly tooLarge: (maxBytes: number) => DomainError;
}

/**
 * Reads a multipart body of text fields and one file, whatever the order of its parts; the size
 * limit is enforced while streaming. Multipart fields skip the JSON parser, so the strings it
 * refuses (they reach PostgreSQL) are refused here too.
 */
export async function readFileUpload(req: FastifyRequest, options: FileUploadOptions): Promise<{ fields: Record<string, string>; file: UploadedFile | null }> {
  if (!req.isMultipart()) throw options.notMultipart();
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: options.maxBytes, files: 1, fields: 30, fieldSize: 10_000 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname !== options.fileField) throw validationFailed([{ field: part.fieldname, message: `the only file accepted is named ${options.fileField}` }]);
        file = { filename: part.filename, mimetype: part.mimetype, data };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw options.tooLarge(options.maxBytes);
    if (code === 'FST_FILES_LIMIT') throw validationFailed([{ field: options.fileField, message: 'send exactly one file' }]);
    throw multipartRefusal(err);
  }
  const unsafe = unsafeStrings(fields);
  if (unsafe.length > 0) throw validationFailed(unsafe);
  return { fields, file };
}
