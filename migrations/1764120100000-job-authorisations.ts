import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: letters of authorisation for the field. Only a hash of each verification code is
 * kept (the code is derived again with the server's key when the letter is printed); a letter's
 * validity is read from its job's state at each check, so nothing here says whether it is valid.
 */
export class JobAuthorisations1764120100000 implements MigrationInterface {
  name = 'JobAuthorisations1764120100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE job_authorisations (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES jobs(id),
      code_hash text NOT NULL UNIQUE,
      language text NOT NULL CHECK (language IN ('en', 'zh-CN')),
      issued_by_org_id uuid NOT NULL,
      issued_by_user_id uuid NULL,
      issued_at timestamptz(3) NOT NULL,
      valid_until timestamptz(3) NOT NULL)`);
    await q.query(`CREATE INDEX job_authorisations_job ON job_authorisations (job_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_authorisations`);
  }
}
