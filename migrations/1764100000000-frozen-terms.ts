import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9 §4: a job's frozen terms become one typed document (`jobs.frozen_terms`, read through
 * `frozenTermsTransformer`): schema version, fee schedule version, bid terms, effective schedule
 * and effective time. Existing jobs are carried over from the three columns it replaces (their
 * terms took effect when they were offered); `down` restores the columns from the document.
 */
export class FrozenTermsBoundaries1764100000000 implements MigrationInterface {
  name = 'FrozenTermsBoundaries1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN frozen_terms jsonb`);
    await q.query(
      `UPDATE jobs j SET frozen_terms = jsonb_build_object(
         'schema_version', 1,
         'fee_schedule_id', j.fee_schedule_id,
         'fee_schedule_version', fs.version,
         'fee_schedule', j.fee_schedule,
         'bid_terms', j.terms,
         'effective_schedule', j.effective_fee_schedule,
         'effective_at', to_char(j.offered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       FROM fee_schedules fs WHERE fs.id = j.fee_schedule_id`,
    );
    await q.query(`ALTER TABLE jobs ALTER COLUMN frozen_terms SET NOT NULL`);
    await q.query(`ALTER TABLE jobs DROP COLUMN fee_schedule, DROP COLUMN terms, DROP COLUMN effective_fee_schedule`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN fee_schedule jsonb, ADD COLUMN terms jsonb, ADD COLUMN effective_fee_schedule jsonb`);
    await q.query(`UPDATE jobs SET fee_schedule = frozen_terms->'fee_schedule', terms = frozen_terms->'bid_terms', effective_fee_schedule = frozen_terms->'effective_schedule'`);
    await q.query(`ALTER TABLE jobs ALTER COLUMN fee_schedule SET NOT NULL, ALTER COLUMN terms SET NOT NULL, ALTER COLUMN effective_fee_schedule SET NOT NULL`);
    await q.query(`ALTER TABLE jobs DROP COLUMN frozen_terms`);
  }
}
