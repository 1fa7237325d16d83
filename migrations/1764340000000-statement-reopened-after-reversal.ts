import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statement stays closed once issued, and once paid its payout is final — except when the
 * transfer that paid it was reversed at Stripe: its payout posting then has a reversal in the
 * ledger, and the statement goes back to `issued` with the payout cleared, so a new attempt can
 * pay the partner what it is owed again. The trigger allows exactly that transition.
 */
export class StatementReopenedAfterReversal1764340000000 implements MigrationInterface {
  name = 'StatementReopenedAfterReversal1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION statements_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'statements are never deleted'; END IF;
        IF (NEW.partner_org_id, NEW.currency, NEW.kind, NEW.period_start, NEW.period_end, NEW.lender_owes, NEW.platform_keeps, NEW.earned_net, NEW.carried_forward, NEW.net_payable, NEW.line_count, NEW.issued_at)
           IS DISTINCT FROM (OLD.partner_org_id, OLD.currency, OLD.kind, OLD.period_start, OLD.period_end, OLD.lender_owes, OLD.platform_keeps, OLD.earned_net, OLD.carried_forward, OLD.net_payable, OLD.line_count, OLD.issued_at) THEN
          RAISE EXCEPTION 'a statement is closed once issued: only its payout is recorded, once';
        END IF;
        IF OLD.status = 'paid' AND NOT (
             NEW.status = 'issued' AND NEW.paid_at IS NULL AND NEW.payout_via IS NULL AND NEW.payout_reference IS NULL AND NEW.payout_ledger_transaction_id IS NULL
             AND EXISTS (SELECT 1 FROM ledger_transactions WHERE reverses_id = OLD.payout_ledger_transaction_id)) THEN
          RAISE EXCEPTION 'a statement is closed once issued: only its payout is recorded, once (reopened only when that payout was reversed)';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION statements_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'statements are never deleted'; END IF;
        IF (NEW.partner_org_id, NEW.currency, NEW.kind, NEW.period_start, NEW.period_end, NEW.lender_owes, NEW.platform_keeps, NEW.earned_net, NEW.carried_forward, NEW.net_payable, NEW.line_count, NEW.issued_at)
           IS DISTINCT FROM (OLD.partner_org_id, OLD.currency, OLD.kind, OLD.period_start, OLD.period_end, OLD.lender_owes, OLD.platform_keeps, OLD.earned_net, OLD.carried_forward, OLD.net_payable, OLD.line_count, OLD.issued_at)
           OR OLD.status = 'paid' THEN
          RAISE EXCEPTION 'a statement is closed once issued: only its payout is recorded, once';
        END IF;
        RETURN NEW;
      END $$`);
  }
}
