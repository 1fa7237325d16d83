import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7, UCC §9-611/§9-614: the lender's notice of plan to sell a repossessed
 * vehicle, kept as sent (its text and the facts it states) and never changed: a later notice is
 * a new row. A lot opens only once the region's notice period has passed since the latest one.
 */
export class SaleNotices1764220100000 implements MigrationInterface {
  name = 'SaleNotices1764220100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sale_notices (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES orgs (id),
      vehicle_id uuid NOT NULL REFERENCES vehicles (id),
      case_id uuid NOT NULL REFERENCES cases (id),
      region text NOT NULL,
      sent_on date NOT NULL,
      method text NOT NULL CHECK (method IN ('first_class_mail', 'certified_mail', 'email', 'hand_delivery')),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      obligation bigint NOT NULL CHECK (obligation >= 0),
      expenses jsonb NOT NULL,
      expenses_total bigint NOT NULL CHECK (expenses_total >= 0),
      redemption_amount bigint NOT NULL CHECK (redemption_amount = obligation + expenses_total),
      contact jsonb NOT NULL,
      notice_period_days int NOT NULL CHECK (notice_period_days > 0),
      earliest_sale_on date NOT NULL CHECK (earliest_sale_on = sent_on + notice_period_days),
      deficiency_warning text NOT NULL,
      content text NOT NULL,
      created_by_user_id uuid,
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX sale_notices_vehicle ON sale_notices (vehicle_id, created_at DESC)`);
    await q.query(`CREATE FUNCTION sale_notices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'a sale notice is kept as sent; record a new notice instead'; END $$`);
    await q.query(`CREATE TRIGGER sale_notices_no_update_delete BEFORE UPDATE OR DELETE ON sale_notices FOR EACH ROW EXECUTE FUNCTION sale_notices_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sale_notices`);
    await q.query(`DROP FUNCTION sale_notices_immutable()`);
  }
}
