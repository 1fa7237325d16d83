import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: the scorecard's SLA figure reads the breaches the SLA clocks recorded (`job.sla_breached`,
 * `job_sla_breaches`) and the clocks met (`sla_met` of `job.started` / `job.completed`) instead of
 * deriving them from the bid's frozen SLA, so holds, the silence clock and the DESIGN §6 defaults
 * count as the jobs module decided them. Repossession duties (started by a recovery, breached by
 * their timer) and completed jobs get counters of their own. The breaches and duties already
 * recorded are counted into the jobs' months; the frozen due times the old rule needed go.
 */
export class ScorecardRecordedBreaches1764240000000 implements MigrationInterface {
  name = 'ScorecardRecordedBreaches1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics_partner_months
      ADD COLUMN jobs_completed int NOT NULL DEFAULT 0,
      ADD COLUMN duties_started int NOT NULL DEFAULT 0,
      ADD COLUMN duties_breached int NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE analytics_jobs ADD COLUMN duties int NOT NULL DEFAULT 0, DROP COLUMN first_action_due, DROP COLUMN completion_due`);
    await q.query(`UPDATE analytics_partner_months SET milestones_breached = 0`);
    await q.query(`UPDATE analytics_partner_months m SET milestones_breached = b.n
      FROM (SELECT j.partner_org_id, j.kind, j.region, j.month, count(*)::int AS n FROM job_sla_breaches s JOIN analytics_jobs j USING (job_id) GROUP BY 1, 2, 3, 4) b
      WHERE (m.partner_org_id, m.kind, m.region, m.month) = (b.partner_org_id, b.kind, b.region, b.month)`);
    await q.query(`UPDATE analytics_partner_months m SET jobs_completed = c.n
      FROM (SELECT partner_org_id, kind, region, month, count(*)::int AS n FROM analytics_jobs WHERE completed_at IS NOT NULL GROUP BY 1, 2, 3, 4) c
      WHERE (m.partner_org_id, m.kind, m.region, m.month) = (c.partner_org_id, c.kind, c.region, c.month)`);
    await q.query(`UPDATE analytics_jobs j SET duties = d.n FROM (SELECT job_id, count(*)::int AS n FROM job_duties GROUP BY job_id) d WHERE d.job_id = j.job_id`);
    await q.query(`UPDATE analytics_partner_months m SET duties_started = d.started, duties_breached = d.breached
      FROM (SELECT j.partner_org_id, j.kind, j.region, j.month, count(*)::int AS started, count(*) FILTER (WHERE d.status = 'breached')::int AS breached
              FROM job_duties d JOIN analytics_jobs j USING (job_id) GROUP BY 1, 2, 3, 4) d
      WHERE (m.partner_org_id, m.kind, m.region, m.month) = (d.partner_org_id, d.kind, d.region, d.month)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics_jobs DROP COLUMN duties, ADD COLUMN first_action_due timestamptz(3) NOT NULL DEFAULT now(), ADD COLUMN completion_due timestamptz(3) NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE analytics_partner_months DROP COLUMN jobs_completed, DROP COLUMN duties_started, DROP COLUMN duties_breached`);
  }
}
