import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GIN index on `cases.flags` took an entry for every case, flagged or not (an empty array is
 * indexed too), and every placed row paid for it (issue 18: bulk placement). Flagged cases are
 * few: a partial index over them alone, in the list's order, serves the flag filter (which now
 * says `flags <> '{}'`), and costs an unflagged placement nothing.
 */
export class CasesFlaggedPartial1764350100000 implements MigrationInterface {
  name = 'CasesFlaggedPartial1764350100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_org_flagged_created ON cases (org_id, created_at DESC, id DESC) WHERE flags <> '{}'`);
    await q.query(`DROP INDEX cases_flags`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_flags ON cases USING gin (flags)`);
    await q.query(`DROP INDEX cases_org_flagged_created`);
  }
}
