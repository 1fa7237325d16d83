import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 "Close and pay" and "Release" (DESIGN §7): an invoice is paid by Stripe (the deposit
 * hold captured towards it, a payment intent for the balance) or by a bank transfer a platform
 * admin confirms; the lot moves sold → paid → released; the yard's operator gets a release
 * order and confirms the buyer's pick-up with the buyer's release code.
 */
export class AuctionPaymentsReleases1764200000000 implements MigrationInterface {
  name = 'AuctionPaymentsReleases1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction_lots DROP CONSTRAINT auction_lots_status_check`);
    await q.query(`ALTER TABLE auction_lots ADD CONSTRAINT auction_lots_status_check
      CHECK (status IN ('draft', 'scheduled', 'live', 'closed', 'sold', 'no_sale', 'cancelled', 'paid', 'released'))`);
    await q.query(`ALTER TABLE auction_deposits DROP CONSTRAINT auction_deposits_status_check`);
    await q.query(`ALTER TABLE auction_deposits ADD CONSTRAINT auction_deposits_status_check
      CHECK (status IN ('authorised', 'released', 'held_for_invoice', 'applied'))`);
    await q.query(`ALTER TABLE auction_deposits ADD COLUMN captured_amount bigint CHECK (captured_amount > 0)`);
    await q.query(`ALTER TABLE auction_deposits ADD COLUMN captured_at timestamptz(3)`);

    await q.query(`ALTER TABLE auction_invoices DROP CONSTRAINT auction_invoices_status_check`);
    await q.query(`ALTER TABLE auction_invoices ADD CONSTRAINT auction_invoices_status_check CHECK (status IN ('open', 'paid'))`);
    await q.query(`ALTER TABLE auction_invoices
      ADD COLUMN payment_intent_id text UNIQUE,
      ADD COLUMN paid_at timestamptz(3),
      ADD COLUMN paid_via text CHECK (paid_via IN ('stripe', 'bank_transfer')),
      ADD COLUMN transfer_reference text,
      ADD COLUMN confirmed_by_user_id uuid REFERENCES users (id),
      ADD COLUMN ledger_transaction_id uuid REFERENCES ledger_transactions (id),
      ADD CONSTRAINT auction_invoices_paid_once CHECK ((status = 'paid') = (paid_at IS NOT NULL AND paid_via IS NOT NULL AND ledger_transaction_id IS NOT NULL)),
      ADD CONSTRAINT auction_invoices_transfer_reference CHECK ((paid_via = 'bank_transfer') = (transfer_reference IS NOT NULL))`);

    await q.query(`CREATE TABLE auction_releases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      lot_id uuid NOT NULL UNIQUE REFERENCES auction_lots (id),
      invoice_id uuid NOT NULL UNIQUE REFERENCES auction_invoices (id),
      vehicle_id uuid NOT NULL REFERENCES vehicles (id),
      buyer_org_id uuid NOT NULL REFERENCES orgs (id),
      lender_org_id uuid NOT NULL REFERENCES orgs (id),
      -- The org holding the vehicle: the tow operator whose job stored it, else the lender itself.
      holder_org_id uuid NOT NULL REFERENCES orgs (id),
      job_id uuid REFERENCES jobs (id),
      yard_id text,
      stored_at timestamptz(3),
      storage_terms jsonb,
      release_code text NOT NULL,
      failed_attempts int NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      status text NOT NULL CHECK (status IN ('ordered', 'picked_up')),
      picked_up_at timestamptz(3),
      picked_up_by_user_id uuid REFERENCES users (id),
      storage_days int,
      storage_charge bigint,
      storage_basis text,
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CHECK ((status = 'picked_up') = (picked_up_at IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX auction_releases_holder ON auction_releases (holder_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX auction_releases_buyer ON auction_releases (buyer_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX auction_releases_lender ON auction_releases (lender_org_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction_releases`);
    await q.query(`ALTER TABLE auction_invoices DROP CONSTRAINT auction_invoices_paid_once, DROP CONSTRAINT auction_invoices_transfer_reference`);
    await q.query(`ALTER TABLE auction_invoices DROP COLUMN payment_intent_id, DROP COLUMN paid_at, DROP COLUMN paid_via, DROP COLUMN transfer_reference, DROP COLUMN confirmed_by_user_id, DROP COLUMN ledger_transaction_id`);
    await q.query(`ALTER TABLE auction_invoices DROP CONSTRAINT auction_invoices_status_check`);
    await q.query(`ALTER TABLE auction_invoices ADD CONSTRAINT auction_invoices_status_check CHECK (status IN ('open'))`);
    await q.query(`ALTER TABLE auction_deposits DROP COLUMN captured_amount, DROP COLUMN captured_at`);
    await q.query(`ALTER TABLE auction_deposits DROP CONSTRAINT auction_deposits_status_check`);
    await q.query(`ALTER TABLE auction_deposits ADD CONSTRAINT auction_deposits_status_check CHECK (status IN ('authorised', 'released', 'held_for_invoice'))`);
    await q.query(`ALTER TABLE auction_lots DROP CONSTRAINT auction_lots_status_check`);
    await q.query(`ALTER TABLE auction_lots ADD CONSTRAINT auction_lots_status_check CHECK (status IN ('draft', 'scheduled', 'live', 'closed', 'sold', 'no_sale', 'cancelled'))`);
  }
}
