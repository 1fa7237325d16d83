import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, "who may bid": a credit line a platform admin sets for a buyer covers its bids (pooled
 * with its standing deposit) up to a limit in one currency. Suspended when the buyer defaults on a
 * lot it covered; an admin's new setting reinstates it. One per buyer.
 */
export class AuctionCreditLines1764300100000 implements MigrationInterface {
  name = 'AuctionCreditLines1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auction_credit_lines (
      buyer_org_id uuid PRIMARY KEY REFERENCES orgs (id),
      limit_amount bigint NOT NULL CHECK (limit_amount >= 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      status text NOT NULL CHECK (status IN ('active', 'suspended')),
      reason text NOT NULL,
      set_by_user_id uuid,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      suspended_at timestamptz(3),
      suspended_reason text,
      CHECK ((status = 'suspended') = (suspended_at IS NOT NULL))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction_credit_lines`);
  }
}
