import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 / DESIGN §10: the partner scorecard's read model, kept current from events by the
 * analytics subscriber: one fact row per accepted job (its bucket, SLA due times, what it
 * recovered), counters per (partner, kind of work, region, month of acceptance) and their money per
 * currency, and the promises to pay made on the jobs.
 * Empty on an existing database: the counts start with the events that follow.
 */
export class PartnerScorecards1764190000000 implements MigrationInterface {
  name = 'PartnerScorecards1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE analytics_jobs (
      job_id uuid PRIMARY KEY,
      partner_org_id uuid NOT NULL,
      lender_org_id uuid NOT NULL,
      kind text NOT NULL,
      region text NOT NULL,
      month date NOT NULL,
      currency text NOT NULL,
      units text[] NOT NULL,
      recovered_units text[] NOT NULL DEFAULT '{}',
      flat_fees jsonb NOT NULL DEFAULT '{}',
      accepted_at timestamptz(3) NOT NULL,
      first_action_due timestamptz(3) NOT NULL,
      first_action_at timestamptz(3),
      completion_due timestamptz(3) NOT NULL,
      completed_at timestamptz(3),
      ended_at timestamptz(3)
    )`);
    await q.query(`CREATE INDEX analytics_jobs_partner ON analytics_jobs (partner_org_id, kind, month)`);
    await q.query(`CREATE INDEX analytics_jobs_open ON analytics_jobs (partner_org_id, kind) WHERE ended_at IS NULL`);
    await q.query(`CREATE TABLE analytics_partner_months (
      partner_org_id uuid NOT NULL,
      kind text NOT NULL,
      region text NOT NULL,
      month date NOT NULL,
      jobs_assigned int NOT NULL DEFAULT 0,
      cases_assigned int NOT NULL DEFAULT 0,
      cases_recovered int NOT NULL DEFAULT 0,
      contact_attempts int NOT NULL DEFAULT 0,
      right_party_contacts int NOT NULL DEFAULT 0,
      milestones_on_time int NOT NULL DEFAULT 0,
      milestones_breached int NOT NULL DEFAULT 0,
      complaints_upheld int NOT NULL DEFAULT 0,
      compliance_refusals int NOT NULL DEFAULT 0,
      holds int NOT NULL DEFAULT 0,
      holds_acknowledged_on_time int NOT NULL DEFAULT 0,
      recoveries_voluntary int NOT NULL DEFAULT 0,
      recoveries_involuntary int NOT NULL DEFAULT 0,
      PRIMARY KEY (partner_org_id, kind, region, month)
    )`);
    await q.query(`CREATE INDEX analytics_partner_months_kind ON analytics_partner_months (kind, region)`);
    await q.query(`CREATE TABLE analytics_partner_money (
      partner_org_id uuid NOT NULL,
      kind text NOT NULL,
      region text NOT NULL,
      month date NOT NULL,
      currency text NOT NULL,
      assigned bigint NOT NULL DEFAULT 0,
      recovered bigint NOT NULL DEFAULT 0,
      repossession_cost bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (partner_org_id, kind, region, month, currency)
    )`);
    await q.query(`CREATE TABLE analytics_promises (
      event_id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES analytics_jobs (job_id),
      case_id uuid,
      amount bigint,
      currency text,
      made_on date NOT NULL,
      promised_on date NOT NULL,
      paid_in_time bigint NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX analytics_promises_job ON analytics_promises (job_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics_promises`);
    await q.query(`DROP TABLE analytics_partner_money`);
    await q.query(`DROP TABLE analytics_partner_months`);
    await q.query(`DROP TABLE analytics_jobs`);
  }
}
