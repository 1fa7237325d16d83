import { Foundation1763900000000 } from './1763900000000-foundation';

/** Every migration, in order. New migrations are appended here (see docs/operations.md). */
export const MIGRATIONS = [Foundation1763900000000];
