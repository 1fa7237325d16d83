import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: sale settlements (UCC §9-615) — the figures of one sale, its lines in §9-615(a)
 * order (with the credits and what was not paid, each with its basis), the ledger transaction that
 * posted it, the surplus payment, the deficiency placed for collection, and the borrower's requests for a §9-616 explanation. A vehicle
 * is settled once; a lot once.
 */
export class Settlements1764180000000 implements MigrationInterface {
  name = 'Settlements1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE settlements (
      id uuid PRIMARY KEY,
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      case_id uuid NOT NULL,
      vehicle_id uuid NOT NULL,
      lot_id uuid,
      escrow_org_id uuid NOT NULL REFERENCES orgs(id),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      sale_at timestamptz(3) NOT NULL,
      possession_at timestamptz(3),
      obligation_as_of timestamptz(3) NOT NULL,
      distribution_completed_at timestamptz(3) NOT NULL,
      hammer_price bigint NOT NULL CHECK (hammer_price >= 0),
      proceeds_applied bigint NOT NULL CHECK (proceeds_applied >= hammer_price),
      related_party_sale boolean NOT NULL,
      commercially_reasonable_amount bigint CHECK (commercially_reasonable_amount >= 0),
      related_party_below_market boolean NOT NULL,
      obligation bigint NOT NULL CHECK (obligation >= 0),
      obligation_reflects_rebate boolean NOT NULL,
      credits bigint NOT NULL CHECK (credits >= 0),
      expenses_total bigint NOT NULL CHECK (expenses_total >= 0),
      agreement_allows_legal_fees boolean NOT NULL,
      surplus bigint NOT NULL CHECK (surplus >= 0),
      deficiency bigint NOT NULL CHECK (deficiency >= 0),
      outcome text NOT NULL CHECK (outcome IN ('surplus', 'deficiency', 'even')),
      contact_phone text,
      contact_address text,
      ledger_transaction_id uuid NOT NULL REFERENCES ledger_transactions(id),
      surplus_paid_at timestamptz(3),
      surplus_paid_via text CHECK (surplus_paid_via IN ('lender', 'platform')),
      surplus_payment_reference text,
      surplus_ledger_transaction_id uuid REFERENCES ledger_transactions(id),
      deficiency_placed_at timestamptz(3),
      deficiency_placed_by_user_id uuid,
      created_at timestamptz(3) NOT NULL,
      CHECK (surplus = 0 OR deficiency = 0),
      CHECK (contact_phone IS NOT NULL OR contact_address IS NOT NULL),
      CHECK ((surplus_paid_at IS NULL) = (surplus_ledger_transaction_id IS NULL)),
      CHECK (deficiency_placed_at IS NULL OR deficiency > 0),
      CONSTRAINT settlements_vehicle_once UNIQUE (vehicle_id)
    )`);
    await q.query(`CREATE UNIQUE INDEX settlements_lot_once ON settlements (lot_id) WHERE lot_id IS NOT NULL`);
    await q.query(`CREATE INDEX settlements_lender_sale ON settlements (lender_org_id, sale_at DESC, id DESC)`);
    await q.query(`CREATE INDEX settlements_case ON settlements (case_id)`);

    await q.query(`CREATE TABLE settlement_lines (
      settlement_id uuid NOT NULL REFERENCES settlements(id),
      line int NOT NULL CHECK (line > 0),
      step text NOT NULL CHECK (step IN ('expenses', 'obligation', 'subordinate_lien', 'surplus', 'credit', 'excluded')),
      statute text NOT NULL,
      kind text NOT NULL,
      claimed bigint NOT NULL CHECK (claimed >= 0),
      applied bigint NOT NULL CHECK (applied >= 0 AND applied <= claimed),
      basis text NOT NULL,
      payee_org_id uuid REFERENCES orgs(id),
      payee text,
      source_ref text,
      PRIMARY KEY (settlement_id, line)
    )`);
    await q.query(`CREATE INDEX settlement_lines_payee ON settlement_lines (payee_org_id) WHERE payee_org_id IS NOT NULL`);

    await q.query(`CREATE TABLE settlement_explanation_requests (
      id uuid PRIMARY KEY,
      settlement_id uuid NOT NULL REFERENCES settlements(id),
      received_at timestamptz(3) NOT NULL,
      answer_due_at timestamptz(3) NOT NULL CHECK (answer_due_at > received_at),
      free boolean NOT NULL,
      max_charge bigint NOT NULL CHECK (max_charge >= 0),
      charge_currency char(3) NOT NULL,
      answered_at timestamptz(3),
      overdue_at timestamptz(3),
      created_by_user_id uuid,
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX settlement_explanation_requests_open ON settlement_explanation_requests (answer_due_at) WHERE answered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE settlement_explanation_requests');
    await q.query('DROP TABLE settlement_lines');
    await q.query('DROP TABLE settlements');
  }
}
