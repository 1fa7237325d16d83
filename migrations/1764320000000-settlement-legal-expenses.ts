import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: attorney's fees and legal expenses are an expense of the sale only "to the extent
 * provided for by agreement and not prohibited by law" (UCC §9-615(a)(1)). The lender records the
 * clause of the security agreement that provides for them (on the vehicle's sale terms) and each
 * legal expense as invoiced; without a clause a recorded expense is listed as excluded. And the
 * lender states whether the case's total due already reflects a rebate of unearned interest, which
 * the explanation then says (§9-616(c)(1)).
 */
export class SettlementLegalExpenses1764320000000 implements MigrationInterface {
  name = 'SettlementLegalExpenses1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE settlement_sale_terms ADD COLUMN IF NOT EXISTS legal_fees_clause text`);
    await q.query(`ALTER TABLE settlement_sale_terms ADD COLUMN IF NOT EXISTS obligation_reflects_rebate boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE TABLE settlement_legal_expenses (
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
    await q.query(`CREATE INDEX settlement_legal_expenses_vehicle ON settlement_legal_expenses (vehicle_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE settlement_legal_expenses`);
    await q.query(`ALTER TABLE settlement_sale_terms DROP COLUMN obligation_reflects_rebate`);
    await q.query(`ALTER TABLE settlement_sale_terms DROP COLUMN legal_fees_clause`);
  }
}
