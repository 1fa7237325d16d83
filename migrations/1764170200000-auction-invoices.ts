import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15 / DESIGN §7: the winner's invoice of a sold lot (hammer + buyer premium), one per lot. */
export class AuctionInvoices1764170200000 implements MigrationInterface {
  name = 'AuctionInvoices1764170200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auction_invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      lot_id uuid NOT NULL UNIQUE REFERENCES auction_lots (id),
      buyer_org_id uuid NOT NULL REFERENCES orgs (id),
      lender_org_id uuid NOT NULL REFERENCES orgs (id),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      hammer_price bigint NOT NULL CHECK (hammer_price > 0),
      buyer_premium bigint NOT NULL CHECK (buyer_premium >= 0),
      total bigint NOT NULL,
      deposit_applied bigint NOT NULL CHECK (deposit_applied >= 0),
      balance_due bigint NOT NULL CHECK (balance_due >= 0),
      due_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('open')),
      created_at timestamptz(3) NOT NULL,
      CHECK (total = hammer_price + buyer_premium AND balance_due = total - deposit_applied)
    )`);
    await q.query(`CREATE INDEX auction_invoices_buyer ON auction_invoices (buyer_org_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction_invoices`);
  }
}
