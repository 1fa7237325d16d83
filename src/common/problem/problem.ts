/** One field-level reason in a validation problem (DESIGN §2). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  /** Stable reason, for clients that branch on it (`bid.out_of_bounds`); optional. */
  readonly code?: string;
}

/** RFC 9457 problem details as Reclaim answers them; `code` is the stable machine-readable reason. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  request_id?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://reclaim.dev/problems/';

/**
 * A refusal the domain knows about. Modules declare theirs with stable codes
 * (`listing.not_open`, `bid.out_of_bounds`) and the one filter renders them.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly errors?: readonly FieldError[],
  ) {
    super(detail ?? title);
    this.name = 'DomainError';
  }
}

export function notFound(entity: string, detail?: string): DomainError {
  return new DomainError(`${entity}.not_found`, 404, 'Not found', detail ?? `No ${entity.replace(/_/g, ' ')} with that id is visible to you.`);
}

export function conflict(code: string, detail: string, extensions: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, 409, 'Conflict', detail, extensions);
}

export function unprocessable(code: string, detail: string, extensions: Record<string, unknown> = {}, errors?: readonly FieldError[]): DomainError {
  return new DomainError(code, 422, 'Unprocessable request', detail, extensions, errors);
}

export function forbidden(code: string, detail: string): DomainError {
  return new DomainError(code, 403, 'Forbidden', detail);
}

export function unauthorized(code: string, detail: string): DomainError {
  return new DomainError(code, 401, 'Unauthorized', detail);
}

export function validationFailed(errors: readonly FieldError[], detail = 'The request has invalid fields.'): DomainError {
  return new DomainError('validation.failed', 400, 'Validation failed', detail, {}, errors);
}
