import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7 auctions: lots of vehicles in storage with a hidden reserve, an increment
 * table and anti-sniping, and every accepted bid in acceptance order (`seq`, unique per lot) so the
 * bidding can be replayed. The lot row carries the visible state and is the lock bids are decided under.
 */
export class AuctionLots1764170000000 implements MigrationInterface {
  name = 'AuctionLots1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auction_lots (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs (id),
      vehicle_id uuid NOT NULL,
      vin text NOT NULL,
      make text,
      model text,
      year int,
      odometer int,
      title_status text,
      region text NOT NULL,
      pickup_location jsonb NOT NULL,
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      start_price bigint NOT NULL CHECK (start_price > 0),
      reserve_price bigint CHECK (reserve_price > 0),
      buy_now_price bigint CHECK (buy_now_price > 0),
      increment_table jsonb NOT NULL,
      deposit_required bigint NOT NULL CHECK (deposit_required >= 0),
      buyer_premium jsonb NOT NULL,
      starts_at timestamptz(3) NOT NULL,
      ends_at timestamptz(3) NOT NULL,
      scheduled_ends_at timestamptz(3) NOT NULL,
      anti_sniping_window_seconds int NOT NULL CHECK (anti_sniping_window_seconds >= 0),
      anti_sniping_extension_seconds int NOT NULL CHECK (anti_sniping_extension_seconds >= 0),
      status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'live', 'closed', 'sold', 'no_sale', 'cancelled')),
      leader_org_id uuid REFERENCES orgs (id),
      leader_max bigint,
      current_price bigint,
      bid_count int NOT NULL DEFAULT 0,
      sold_by text CHECK (sold_by IN ('auction', 'buy_now')),
      hammer_price bigint,
      closed_at timestamptz(3),
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CHECK (ends_at > starts_at)
    )`);
    await q.query(`CREATE INDEX auction_lots_org ON auction_lots (org_id, created_at DESC)`);
    await q.query(`CREATE INDEX auction_lots_catalogue ON auction_lots (status, ends_at)`);
    // One lot at a time per vehicle that is not over.
    await q.query(`CREATE UNIQUE INDEX auction_lots_open_vehicle ON auction_lots (vehicle_id) WHERE status IN ('draft', 'scheduled', 'live', 'closed')`);
    await q.query(`CREATE TABLE auction_bids (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      lot_id uuid NOT NULL REFERENCES auction_lots (id),
      seq int NOT NULL,
      bidder_org_id uuid NOT NULL REFERENCES orgs (id),
      bidder_user_id uuid,
      kind text NOT NULL CHECK (kind IN ('proxy', 'buy_now')),
      max_amount bigint NOT NULL,
      leader_org_id uuid NOT NULL,
      price_after bigint NOT NULL,
      ends_at_after timestamptz(3) NOT NULL,
      placed_at timestamptz(3) NOT NULL,
      UNIQUE (lot_id, seq)
    )`);
    await q.query(`CREATE INDEX auction_bids_bidder ON auction_bids (bidder_org_id, lot_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction_bids`);
    await q.query(`DROP TABLE auction_lots`);
  }
}
