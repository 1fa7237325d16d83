import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7: a lot's condition report and photos, copied from the tow operator's
 * recovery report when the lot is created. Lots made before carry none (no report was copied).
 */
export class AuctionLotConditionReport1764310000000 implements MigrationInterface {
  name = 'AuctionLotConditionReport1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction_lots ADD COLUMN condition_report jsonb CHECK (condition_report IS NULL OR jsonb_typeof(condition_report) = 'object')`);
    await q.query(`ALTER TABLE auction_lots ADD COLUMN photos jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(photos) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction_lots DROP COLUMN photos`);
    await q.query(`ALTER TABLE auction_lots DROP COLUMN condition_report`);
  }
}
