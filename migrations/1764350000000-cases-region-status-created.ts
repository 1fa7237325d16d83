import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lender's case list filtered by region and status (the console's "new cases in Texas") walked
 * `cases_org_created` and dropped every row of other regions and statuses: 25,000 rows and 15 ms
 * per page on 100,000 cases once the newest Texan cases were listed (issue 18, `bench search`).
 * The region index grows the status and the list's order, so such a page reads its 50 rows in
 * order; it still serves every lookup by region alone, and `cases` keeps its 12 indexes.
 */
export class CasesRegionStatusCreated1764350000000 implements MigrationInterface {
  name = 'CasesRegionStatusCreated1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_org_region_status_created ON cases (org_id, borrower_region, status, created_at DESC, id DESC)`);
    await q.query(`DROP INDEX cases_org_region`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_org_region ON cases (org_id, borrower_region)`);
    await q.query(`DROP INDEX cases_org_region_status_created`);
  }
}
