import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: partner statements (DESIGN §8). A statement is issued closed: its figures and lines
 * never change (trigger); only its payout fields are filled in once it is paid. Each commission
 * posting and each reversal appears on exactly one statement (unique ledger transaction), so a
 * correction after a statement was issued lands on the next one. One monthly statement per
 * partner, currency and period end (the monthly job may run twice).
 */
export class Statements1764130200000 implements MigrationInterface {
  name = 'Statements1764130200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE statements (
      id uuid PRIMARY KEY,
      partner_org_id uuid NOT NULL REFERENCES orgs(id),
      currency char(3) NOT NULL,
      kind text NOT NULL CHECK (kind IN ('monthly', 'on_demand')),
      period_start timestamptz(3),
      period_end timestamptz(3) NOT NULL,
      lender_owes bigint NOT NULL,
      platform_keeps bigint NOT NULL,
      earned_net bigint NOT NULL,
      carried_forward bigint NOT NULL CHECK (carried_forward <= 0),
      net_payable bigint NOT NULL CHECK (net_payable = earned_net + carried_forward),
      line_count int NOT NULL,
      status text NOT NULL CHECK (status IN ('issued', 'paid')),
      paid_at timestamptz(3),
      payout_via text CHECK (payout_via IN ('stripe', 'manual')),
      payout_reference text,
      payout_ledger_transaction_id uuid REFERENCES ledger_transactions(id),
      issued_at timestamptz(3) NOT NULL,
      created_at timestamptz(3) NOT NULL,
      CHECK ((status = 'paid') = (paid_at IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX statements_partner ON statements (partner_org_id, currency, created_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX statements_monthly_once ON statements (partner_org_id, currency, period_end) WHERE kind = 'monthly'`);

    await q.query(`CREATE TABLE statement_lines (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      statement_id uuid NOT NULL REFERENCES statements(id),
      line int NOT NULL,
      kind text NOT NULL CHECK (kind IN ('commission', 'reversal')),
      ledger_transaction_id uuid NOT NULL REFERENCES ledger_transactions(id),
      payment_id uuid NOT NULL REFERENCES payments(id),
      job_id uuid NOT NULL,
      case_id uuid NOT NULL,
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      recovered bigint NOT NULL,
      commission bigint NOT NULL,
      platform_fee bigint NOT NULL,
      net bigint NOT NULL CHECK (net = commission - platform_fee),
      basis jsonb NOT NULL,
      posted_at timestamptz(3) NOT NULL,
      CONSTRAINT statement_lines_posting_once UNIQUE (ledger_transaction_id),
      UNIQUE (statement_id, line)
    )`);

    // Issued means closed: corrections go on the next statement.
    await q.query(`CREATE FUNCTION statement_lines_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'statement lines are closed once issued: corrections go on the next statement'; END $$`);
    await q.query(`CREATE TRIGGER statement_lines_no_update_delete BEFORE UPDATE OR DELETE ON statement_lines FOR EACH ROW EXECUTE FUNCTION statement_lines_closed()`);
    await q.query(`CREATE FUNCTION statements_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'statements are never deleted'; END IF;
        IF (NEW.partner_org_id, NEW.currency, NEW.kind, NEW.period_start, NEW.period_end, NEW.lender_owes, NEW.platform_keeps, NEW.earned_net, NEW.carried_forward, NEW.net_payable, NEW.line_count, NEW.issued_at)
           IS DISTINCT FROM (OLD.partner_org_id, OLD.currency, OLD.kind, OLD.period_start, OLD.period_end, OLD.lender_owes, OLD.platform_keeps, OLD.earned_net, OLD.carried_forward, OLD.net_payable, OLD.line_count, OLD.issued_at)
           OR OLD.status = 'paid' THEN
          RAISE EXCEPTION 'a statement is closed once issued: only its payout is recorded, once';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER statements_closed BEFORE UPDATE OR DELETE ON statements FOR EACH ROW EXECUTE FUNCTION statements_closed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE statement_lines`);
    await q.query(`DROP TABLE statements`);
    await q.query(`DROP FUNCTION statements_closed()`);
    await q.query(`DROP FUNCTION statement_lines_closed()`);
  }
}
