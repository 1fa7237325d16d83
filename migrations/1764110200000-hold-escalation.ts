import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hold escalation (issue 12, DESIGN §6): how many times an unacknowledged hold has been escalated
 * (after 15 minutes, then after an hour). Existing held jobs start at none.
 */
export class HoldEscalation1764110200000 implements MigrationInterface {
  name = 'HoldEscalation1764110200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN hold_escalations int NOT NULL DEFAULT 0 CHECK (hold_escalations BETWEEN 0 AND 2)`);
    await q.query(`CREATE INDEX jobs_unacknowledged_holds ON jobs (held_at) WHERE status = 'on_hold' AND hold_acknowledged_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX jobs_unacknowledged_holds`);
    await q.query(`ALTER TABLE jobs DROP COLUMN hold_escalations`);
  }
}
