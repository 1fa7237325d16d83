import { randomUUID } from 'node:crypto';
import { JsonObject } from '../../src/common/json';
import { OutboxService } from '../../src/common/outbox/outbox.service';
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

/** Simulates another module's state change: an event recorded in a transaction through OutboxService. */
export async function recordEvent(t: TestApp, type: string, orgIds: string[], payload: JsonObject = {}): Promise<string> {
  const outbox = t.app.get(OutboxService);
  return t.db.transaction((manager) => outbox.record(manager, { type, aggregateType: 'test', aggregateId: randomUUID(), orgIds, payload }));
}
