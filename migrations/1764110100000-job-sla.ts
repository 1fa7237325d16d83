import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA timers (issue 12, DESIGN §6): each running job carries when its first action, its next
 * sign of life and its completion are due; a breach is recorded once per clock and due time.
 * Listings choose automatic recall on a breach and the grace a broken promise to pay gets; the
 * job keeps both as offered. Partner statistics count breaches and promises. Only additions with
 * defaults: existing rows keep their meaning (no timer on jobs accepted before this migration).
 */
export class JobSla1764110100000 implements MigrationInterface {
  name = 'JobSla1764110100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listings
      ADD COLUMN auto_recall_on_breach boolean NOT NULL DEFAULT false,
      ADD COLUMN promise_grace_days int NOT NULL DEFAULT 3 CHECK (promise_grace_days BETWEEN 0 AND 30)`);
    await q.query(`ALTER TABLE jobs
      ADD COLUMN first_action_due_at timestamptz(3),
      ADD COLUMN silence_due_at timestamptz(3),
      ADD COLUMN completion_due_at timestamptz(3),
      ADD COLUMN auto_recall_on_breach boolean NOT NULL DEFAULT false,
      ADD COLUMN promise_grace_days int NOT NULL DEFAULT 3`);
    // The sweep's question: which running jobs have a clock due.
    await q.query(`CREATE INDEX jobs_sla_due ON jobs (LEAST(first_action_due_at, silence_due_at, completion_due_at)) WHERE status IN ('accepted', 'in_progress')`);
    await q.query(`CREATE TABLE job_sla_breaches (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES jobs(id),
      sla text NOT NULL CHECK (sla IN ('first_action', 'silence', 'completion')),
      due_at timestamptz(3) NOT NULL,
      breached_at timestamptz(3) NOT NULL,
      partner_org_id uuid NOT NULL REFERENCES orgs(id),
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      auto_recalled boolean NOT NULL,
      UNIQUE (job_id, sla, due_at)
    )`);
    await q.query(`ALTER TABLE partner_stats
      ADD COLUMN sla_breaches int NOT NULL DEFAULT 0,
      ADD COLUMN promises_kept int NOT NULL DEFAULT 0,
      ADD COLUMN promises_broken int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE partner_stats DROP COLUMN sla_breaches, DROP COLUMN promises_kept, DROP COLUMN promises_broken`);
    await q.query(`DROP TABLE job_sla_breaches`);
    await q.query(`DROP INDEX jobs_sla_due`);
    await q.query(`ALTER TABLE jobs DROP COLUMN first_action_due_at, DROP COLUMN silence_due_at, DROP COLUMN completion_due_at, DROP COLUMN auto_recall_on_breach, DROP COLUMN promise_grace_days`);
    await q.query(`ALTER TABLE listings DROP COLUMN auto_recall_on_breach, DROP COLUMN promise_grace_days`);
  }
}
