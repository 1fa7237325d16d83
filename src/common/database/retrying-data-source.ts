import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/** SQLSTATE 40P01: PostgreSQL rolled this transaction back to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';
/** A deadlock victim gets this many tries in all before its error reaches the caller. */
const ATTEMPTS = 6;

export function isDeadlock(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === DEADLOCK_DETECTED || e?.driverError?.code === DEADLOCK_DETECTED;
}

/**
 * The app's data source: a top-level transaction that PostgreSQL picked as a deadlock's victim is
 * run again from the start, after a short random pause, instead of answering 500. Its work was
 * rolled back whole (and `AfterCommit` dropped what it queued), so running it again is safe; what
 * it called outside the database inside the transaction (Stripe) carries idempotency keys. Rows
 * are locked `FOR NO KEY UPDATE` (`ROW_LOCK`), which leaves only real lock-order cycles — a case's
 * flag holding its jobs while a job's report moves its cases — to come here.
 */
export class RetryingDataSource extends DataSource {
  override transaction<T>(runInTransaction: (entityManager: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolationLevel: IsolationLevel, runInTransaction: (entityManager: EntityManager) => Promise<T>): Promise<T>;
  override async transaction<T>(first: IsolationLevel | ((entityManager: EntityManager) => Promise<T>), second?: (entityManager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await (typeof first === 'function' ? super.transaction(first) : super.transaction(first, second!));
      } catch (err) {
        if (!isDeadlock(err) || attempt === ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** attempt));
      }
    }
  }
}
