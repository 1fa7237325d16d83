const UNIQUE_VIOLATION = '23505';

/**
 * True when a write failed on a unique constraint (by name, if given): the database decided a
 * race or a duplicate, and the caller turns it into the domain's 409.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = (err ?? {}) as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const name = e.driverError?.constraint ?? e.constraint;
  return code === UNIQUE_VIOLATION && (!constraint || name === constraint);
}
