import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: what the lender records for a vehicle's settlement before the sale is settled — the
 * borrower's credits (§9-616(c)(5)), reconditioning invoices (§9-615(a)(1)), subordinate liens
 * with their demand and proof times (§9-615(a)(3), (b)) and a related-party sale with the amount
 * a complying sale would have brought (§9-615(f)) — and the contact the explanation gives
 * (§9-616(a)(1)(D)). A settlement made by the auction before the lender recorded a contact keeps
 * none until it is recorded, so the explanation waits for it instead of the buyer's payment.
 */
export class SettlementInputs1764230000000 implements MigrationInterface {
  name = 'SettlementInputs1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE settlement_credits (
      id uuid PRIMARY KEY,
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      vehicle_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('unearned_interest_rebate', 'add_on_refund', 'other')),
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      basis text NOT NULL,
      recorded_by_user_id uuid,
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX settlement_credits_vehicle ON settlement_credits (vehicle_id, created_at)`);

    await q.query(`CREATE TABLE settlement_reconditioning (
      id uuid PRIMARY KEY,
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      vehicle_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      description text NOT NULL,
      invoice_ref text NOT NULL,
      recorded_by_user_id uuid,
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX settlement_reconditioning_vehicle ON settlement_reconditioning (vehicle_id, created_at)`);

    await q.query(`CREATE TABLE subordinate_liens (
      id uuid PRIMARY KEY,
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      vehicle_id uuid NOT NULL,
      priority int NOT NULL CHECK (priority > 0),
      holder text NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      demand_received_at timestamptz(3),
      proof_requested_at timestamptz(3),
      proof_received_at timestamptz(3),
      recorded_by_user_id uuid,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CHECK (proof_received_at IS NULL OR proof_requested_at IS NOT NULL),
      CONSTRAINT subordinate_liens_priority UNIQUE (vehicle_id, priority)
    )`);

    await q.query(`CREATE TABLE settlement_sale_terms (
      vehicle_id uuid PRIMARY KEY,
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      related_party_sale boolean NOT NULL DEFAULT false,
      buyer_relation text CHECK (buyer_relation IN ('lender', 'related_person', 'secondary_obligor')),
      commercially_reasonable_amount bigint CHECK (commercially_reasonable_amount > 0),
      commercially_reasonable_currency char(3),
      commercially_reasonable_basis text,
      contact_phone text,
      contact_address text,
      updated_by_user_id uuid,
      updated_at timestamptz(3) NOT NULL,
      CHECK (related_party_sale = (buyer_relation IS NOT NULL)),
      CHECK ((commercially_reasonable_amount IS NULL) = (commercially_reasonable_currency IS NULL)),
      CHECK (commercially_reasonable_amount IS NULL OR related_party_sale)
    )`);

    // The contact may follow an auction's settlement (see above): the row no longer requires one.
    await q.query(`DO $$
      DECLARE c text;
      BEGIN
        SELECT conname INTO c FROM pg_constraint
         WHERE conrelid = 'settlements'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%contact_phone IS NOT NULL%';
        IF c IS NOT NULL THEN EXECUTE format('ALTER TABLE settlements DROP CONSTRAINT %I', c); END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE settlements ADD CONSTRAINT settlements_contact_given CHECK (contact_phone IS NOT NULL OR contact_address IS NOT NULL) NOT VALID`);
    await q.query(`DROP TABLE settlement_sale_terms`);
    await q.query(`DROP TABLE subordinate_liens`);
    await q.query(`DROP TABLE settlement_reconditioning`);
    await q.query(`DROP TABLE settlement_credits`);
  }
}
