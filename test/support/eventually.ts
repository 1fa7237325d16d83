import { randomUUID } from 'node:crypto';
import { TestApp } from './test-app';

/** Polls until `probe` gives a truthy value (queues and workers run asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Simulates another module's state change for tests of the delivery machinery: a raw outbox row,
 * as `OutboxService.record` writes it, for any type (also ones the catalogue does not declare, such
 * as the event types of later issues). Tests of what real flows produce use the flows instead.
 */
export async function recordEvent(t: TestApp, type: string, orgIds: string[], payload: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  await t.db.query(
    `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, org_ids, payload, occurred_at, publish_attempts) VALUES ($1, $2, 'test', $3, $4, $5, $6, 0)`,
    [id, type, randomUUID(), [...new Set(orgIds)], JSON.stringify(payload), t.clock.now()],
  );
  return id;
}
