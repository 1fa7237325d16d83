import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7: a buyer's deposit on a lot is a card authorisation (Stripe payment intent
 * with manual capture); it covers maxima up to a multiple of itself. One per buyer and lot.
 */
export class AuctionDeposits1764170100000 implements MigrationInterface {
  name = 'AuctionDeposits1764170100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auction_deposits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      lot_id uuid NOT NULL REFERENCES auction_lots (id),
      buyer_org_id uuid NOT NULL REFERENCES orgs (id),
      amount bigint NOT NULL CHECK (amount > 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      covers_up_to bigint NOT NULL,
      payment_intent_id text NOT NULL UNIQUE,
      status text NOT NULL CHECK (status IN ('authorised', 'released', 'held_for_invoice')),
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      released_at timestamptz(3),
      -- Set once Stripe has let the authorisation go; the release timer and its sweep retry until then.
      stripe_released_at timestamptz(3),
      UNIQUE (lot_id, buyer_org_id)
    )`);
    await q.query(`CREATE INDEX auction_deposits_buyer ON auction_deposits (buyer_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX auction_deposits_unreleased ON auction_deposits (released_at) WHERE status = 'released' AND stripe_released_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction_deposits`);
  }
}
