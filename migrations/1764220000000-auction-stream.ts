import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7 live updates: every change of a lot's public state is kept as a numbered
 * stream event (so `Last-Event-ID` replays what a client missed, whichever API process it
 * reconnects to), and each bidder gets an anonymous number per lot, in the order they first bid.
 */
export class AuctionStream1764220000000 implements MigrationInterface {
  name = 'AuctionStream1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auction_stream_events (
      lot_id uuid NOT NULL REFERENCES auction_lots (id),
      seq int NOT NULL CHECK (seq > 0),
      kind text NOT NULL CHECK (kind IN ('bid', 'status')),
      leader_org_id uuid REFERENCES orgs (id),
      data jsonb NOT NULL,
      created_at timestamptz(3) NOT NULL,
      PRIMARY KEY (lot_id, seq)
    )`);
    await q.query(`CREATE TABLE auction_bidder_numbers (
      lot_id uuid NOT NULL REFERENCES auction_lots (id),
      org_id uuid NOT NULL REFERENCES orgs (id),
      number int NOT NULL CHECK (number > 0),
      PRIMARY KEY (lot_id, org_id),
      UNIQUE (lot_id, number)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction_bidder_numbers`);
    await q.query(`DROP TABLE auction_stream_events`);
  }
}
