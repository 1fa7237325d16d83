import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job carries the title its notifications name it by (issue 9 §1: `job.offered` and
 * `job.accepted` say which work): its listing's title, with the lot when the listing has several.
 * Existing jobs take it from their listing, so no row is left without one.
 */
export class EventsJobTitle1763900610000 implements MigrationInterface {
  name = 'EventsJobTitle1763900610000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN IF NOT EXISTS title text`);
    await q.query(
      `UPDATE jobs j SET title = CASE WHEN (SELECT count(*) FROM lots WHERE lots.listing_id = l.id) > 1 THEN l.title || ' — lot ' || j.lot_key ELSE l.title END
         FROM listings l WHERE l.id = j.listing_id AND j.title IS NULL`,
    );
    await q.query(`UPDATE jobs SET title = 'job ' || id WHERE title IS NULL`);
    await q.query(`ALTER TABLE jobs ALTER COLUMN title SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs DROP COLUMN title`);
  }
}
