import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field work (issue 12, DESIGN §6): jobs carry their start, outcome, last progress and hold;
 * progress events are an append-only table (like the audit log, nothing edits a report once
 * made); skip-traced contacts are added to the case with their source and date (PII encrypted).
 * Only additions: an existing database keeps every row.
 */
export class FieldWork1764110000000 implements MigrationInterface {
  name = 'FieldWork1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs
      ADD COLUMN started_at timestamptz(3),
      ADD COLUMN last_progress_at timestamptz(3),
      ADD COLUMN outcome text,
      ADD COLUMN hold_reason text,
      ADD COLUMN held_at timestamptz(3),
      ADD COLUMN hold_acknowledged_at timestamptz(3),
      ADD COLUMN resume_status text CHECK (resume_status IN ('accepted', 'in_progress'))`);

    await q.query(`CREATE TABLE job_events (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES jobs(id),
      case_id uuid REFERENCES cases(id),
      type text NOT NULL,
      occurred_at timestamptz(3) NOT NULL,
      created_at timestamptz(3) NOT NULL,
      reporter_org_id uuid NOT NULL REFERENCES orgs(id),
      reporter_user_id uuid,
      payload jsonb NOT NULL,
      pii_enc text,
      after_hold boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX job_events_job_created ON job_events (job_id, created_at DESC, id DESC)`);
    // Append-only (DESIGN §6): a report once made is evidence; corrections are new events.
    await q.query(`CREATE FUNCTION job_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'job_events is append-only'; END $$`);
    await q.query(`CREATE TRIGGER job_events_no_update_delete BEFORE UPDATE OR DELETE ON job_events
      FOR EACH ROW EXECUTE FUNCTION job_events_append_only()`);

    await q.query(`CREATE TABLE case_contacts (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases(id),
      kind text NOT NULL CHECK (kind IN ('phone', 'address', 'employer')),
      value_enc text NOT NULL,
      pii_key_id text NOT NULL,
      source text NOT NULL,
      confidence int CHECK (confidence BETWEEN 0 AND 100),
      found_by_org_id uuid NOT NULL REFERENCES orgs(id),
      job_event_id uuid REFERENCES job_events(id),
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX case_contacts_case ON case_contacts (case_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_contacts`);
    await q.query(`DROP TRIGGER job_events_no_update_delete ON job_events`);
    await q.query(`DROP TABLE job_events`);
    await q.query(`DROP FUNCTION job_events_append_only()`);
    await q.query(`ALTER TABLE jobs DROP COLUMN started_at, DROP COLUMN last_progress_at, DROP COLUMN outcome, DROP COLUMN hold_reason, DROP COLUMN held_at, DROP COLUMN hold_acknowledged_at, DROP COLUMN resume_status`);
  }
}
