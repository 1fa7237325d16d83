import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the double-entry ledger (DESIGN §8). Accounts per (org, purpose, currency), the
 * platform's own with no org; transactions with a unique idempotency key and the reason that
 * caused them; entries that are never changed or deleted (a correction is a reversing
 * transaction, at most one per transaction). At commit a deferred constraint trigger checks that
 * every transaction has two or more entries and that debits equal credits in each currency, so
 * no code path can leave the books unbalanced. Balances are sums of entries.
 */
export class Ledger1764130000000 implements MigrationInterface {
  name = 'Ledger1764130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ledger_accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid REFERENCES orgs(id),
      purpose text NOT NULL,
      currency char(3) NOT NULL,
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX ledger_accounts_owner ON ledger_accounts (COALESCE(org_id, '00000000-0000-0000-0000-000000000000'::uuid), purpose, currency)`);

    await q.query(`CREATE TABLE ledger_transactions (
      id uuid PRIMARY KEY,
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      reason text NOT NULL,
      reason_id text NOT NULL,
      memo text,
      reverses_id uuid REFERENCES ledger_transactions(id),
      created_at timestamptz(3) NOT NULL,
      CONSTRAINT ledger_transactions_idempotency_key UNIQUE (idempotency_key),
      CONSTRAINT ledger_transactions_reversed_once UNIQUE (reverses_id)
    )`);
    await q.query(`CREATE INDEX ledger_transactions_reason ON ledger_transactions (reason, reason_id)`);
    await q.query(`CREATE INDEX ledger_transactions_created ON ledger_transactions (created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE ledger_entries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      transaction_id uuid NOT NULL REFERENCES ledger_transactions(id),
      account_id uuid NOT NULL REFERENCES ledger_accounts(id),
      line int NOT NULL,
      side text NOT NULL CHECK (side IN ('debit', 'credit')),
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      memo text,
      created_at timestamptz(3) NOT NULL,
      UNIQUE (transaction_id, line)
    )`);
    await q.query(`CREATE INDEX ledger_entries_account ON ledger_entries (account_id, created_at)`);

    // Posted entries and transactions are immutable, like the audit log.
    await q.query(`CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only: post a reversing transaction instead', TG_TABLE_NAME; END $$`);
    await q.query(`CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await q.query(`CREATE TRIGGER ledger_transactions_no_update_delete BEFORE UPDATE OR DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);

    // An entry's currency is its account's.
    await q.query(`CREATE FUNCTION ledger_entry_currency() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = NEW.account_id AND a.currency = NEW.currency) THEN
          RAISE EXCEPTION 'ledger entry in % on an account of another currency', NEW.currency;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_entries_currency BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entry_currency()`);

    // Checked at commit, once every entry of the transaction is in.
    await q.query(`CREATE FUNCTION ledger_check_transaction(tx uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE entries int;
      DECLARE off text;
      BEGIN
        SELECT count(*) INTO entries FROM ledger_entries WHERE transaction_id = tx;
        IF entries < 2 THEN
          RAISE EXCEPTION 'ledger transaction % has % entries; two or more are required', tx, entries USING ERRCODE = 'check_violation';
        END IF;
        SELECT string_agg(currency, ', ') INTO off FROM (
          SELECT currency FROM ledger_entries WHERE transaction_id = tx GROUP BY currency
          HAVING sum(CASE side WHEN 'debit' THEN amount ELSE 0 END) <> sum(CASE side WHEN 'credit' THEN amount ELSE 0 END)
        ) unbalanced;
        IF off IS NOT NULL THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced in %', tx, off USING ERRCODE = 'check_violation';
        END IF;
      END $$`);
    await q.query(`CREATE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM ledger_check_transaction(NEW.id); RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM ledger_check_transaction(NEW.transaction_id); RETURN NULL; END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balanced()`);
    await q.query(`CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP TABLE ledger_transactions`);
    await q.query(`DROP TABLE ledger_accounts`);
    await q.query(`DROP FUNCTION ledger_transaction_balanced()`);
    await q.query(`DROP FUNCTION ledger_entry_balanced()`);
    await q.query(`DROP FUNCTION ledger_check_transaction(uuid)`);
    await q.query(`DROP FUNCTION ledger_entry_currency()`);
    await q.query(`DROP FUNCTION ledger_append_only()`);
  }
}
