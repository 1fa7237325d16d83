import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7, UCC §9-623: the lender records that the borrower redeemed a repossessed
 * vehicle before its sale was final (the total due plus the expenses so far, paid), with what
 * was owed and paid; the lot that was not over is cancelled in the same transaction.
 */
export class Redemptions1764220200000 implements MigrationInterface {
  name = 'Redemptions1764220200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE redemptions (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES orgs (id),
      vehicle_id uuid NOT NULL REFERENCES vehicles (id),
      case_id uuid NOT NULL REFERENCES cases (id),
      lot_id uuid REFERENCES auction_lots (id),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      obligation bigint NOT NULL CHECK (obligation >= 0),
      expenses jsonb NOT NULL,
      required bigint NOT NULL CHECK (required >= obligation),
      amount_paid bigint NOT NULL CHECK (amount_paid >= required),
      paid_on date NOT NULL,
      reference text,
      created_by_user_id uuid,
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX redemptions_vehicle ON redemptions (vehicle_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE redemptions`);
  }
}
