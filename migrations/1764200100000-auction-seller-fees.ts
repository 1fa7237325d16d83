import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7: a lot's seller fees (what the lender pays to sell it: listing, transport to
 * the sale, title work), which the sale settlement takes as disposition expenses (UCC §9-615(a)(1)).
 */
export class AuctionSellerFees1764200100000 implements MigrationInterface {
  name = 'AuctionSellerFees1764200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction_lots ADD COLUMN seller_fees jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(seller_fees) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction_lots DROP COLUMN seller_fees`);
  }
}
