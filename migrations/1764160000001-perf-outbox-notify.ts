import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wakes the outbox relay when events commit (issue 18): every statement that inserts outbox rows
 * sends one `NOTIFY outbox_events`, which PostgreSQL delivers at commit (and folds into one per
 * transaction), so an event is relayed at once instead of at the next poll (500 ms by default).
 * The poll stays as the safety net for a lost notification. No rows are touched.
 */
export class PerfOutboxNotify1764160000001 implements MigrationInterface {
  name = 'PerfOutboxNotify1764160000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION reclaim_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox_events', ''); RETURN NULL; END
    $$`);
    await q.query(`CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events FOR EACH STATEMENT EXECUTE FUNCTION reclaim_outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_events_notify ON outbox_events`);
    await q.query(`DROP FUNCTION reclaim_outbox_notify()`);
  }
}
