import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: photos from the field (condition report, recovery, personal effects) stored through
 * `DocumentStorage`, attached to the progress event that reports them; and the personal-property
 * inventory a recovery lists, one row per item with its photos and its release record.
 */
export class JobEvidence1764120200000 implements MigrationInterface {
  name = 'JobEvidence1764120200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE job_evidence (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES jobs(id),
      kind text NOT NULL CHECK (kind IN ('recovery_photo', 'condition_report', 'personal_effect_photo')),
      storage_key text NOT NULL UNIQUE,
      filename text NOT NULL,
      content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/heic')),
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL,
      uploaded_by_org_id uuid NOT NULL,
      uploaded_by_user_id uuid NULL,
      uploaded_at timestamptz(3) NOT NULL,
      event_id uuid NULL REFERENCES job_events(id))`);
    await q.query(`CREATE INDEX job_evidence_job ON job_evidence (job_id, uploaded_at)`);
    await q.query(`CREATE INDEX job_evidence_event ON job_evidence (event_id) WHERE event_id IS NOT NULL`);
    await q.query(`CREATE TABLE personal_effects (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES jobs(id),
      event_id uuid NOT NULL REFERENCES job_events(id),
      position integer NOT NULL,
      description text NOT NULL,
      photo_ids uuid[] NOT NULL DEFAULT '{}',
      released_at timestamptz(3) NULL,
      released_to text NULL CHECK (released_to IN ('borrower', 'borrower_representative')),
      recipient_name_enc text NULL,
      released_by_user_id uuid NULL,
      UNIQUE (event_id, position))`);
    await q.query(`CREATE INDEX personal_effects_job ON personal_effects (job_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE personal_effects`);
    await q.query(`DROP TABLE job_evidence`);
  }
}
