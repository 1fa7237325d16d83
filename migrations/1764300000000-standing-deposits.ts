import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, "who may bid": a standing deposit is a buyer's card hold without a lot, covering its
 * bids on any lot in its currency (`lot_id` NULL). One authorised per buyer and currency. Card
 * authorisations lapse at Stripe after 7 days, so a standing hold carries when it stops covering.
 * Existing rows are lot deposits and keep their lot.
 */
export class StandingDeposits1764300000000 implements MigrationInterface {
  name = 'StandingDeposits1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction_deposits ALTER COLUMN lot_id DROP NOT NULL`);
    await q.query(`ALTER TABLE auction_deposits ADD COLUMN expires_at timestamptz(3)`);
    await q.query(`ALTER TABLE auction_deposits ADD CONSTRAINT auction_deposits_standing_expires CHECK (lot_id IS NOT NULL OR expires_at IS NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX auction_deposits_one_standing_hold ON auction_deposits (buyer_org_id, currency) WHERE lot_id IS NULL AND status = 'authorised'`);
    // A bid covered by the pool reads the buyer's leading live lots and open invoices.
    await q.query(`CREATE INDEX auction_lots_live_leader ON auction_lots (leader_org_id) WHERE status = 'live'`);
    await q.query(`CREATE INDEX auction_invoices_open_buyer ON auction_invoices (buyer_org_id) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX auction_invoices_open_buyer`);
    await q.query(`DROP INDEX auction_lots_live_leader`);
    await q.query(`DROP INDEX auction_deposits_one_standing_hold`);
    await q.query(`ALTER TABLE auction_deposits DROP CONSTRAINT auction_deposits_standing_expires`);
    await q.query(`ALTER TABLE auction_deposits DROP COLUMN expires_at`);
    await q.query(`DELETE FROM auction_deposits WHERE lot_id IS NULL`);
    await q.query(`ALTER TABLE auction_deposits ALTER COLUMN lot_id SET NOT NULL`);
  }
}
